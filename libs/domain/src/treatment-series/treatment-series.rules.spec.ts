import { blockPerformed, rescheduleBlockCommand, seriesStory } from '@app/testing';
import { recommendNextStep } from './recommendation';
import { treatmentSeriesDecider as series } from './treatment-series.decider';
import {
  assertBlockCanBeMoved,
  earliestNextBlockDate,
  earliestNextBlockStart,
  initialSeriesUnits,
  unitsPerBlock,
  yearlyUnits,
} from './treatment-series.rules';
import type { OpenedSeriesState } from './treatment-series.state';

function opened(state: ReturnType<typeof series.initialState>): OpenedSeriesState {
  if (state.status === 'not-opened') throw new Error('not opened');
  return state;
}

describe('series rules', () => {
  it('a bilateral block counts as two', () => {
    expect(unitsPerBlock({ side: 'bilateral' })).toBe(2);
    expect(unitsPerBlock({ side: 'left' })).toBe(1);
  });

  it('the earliest next date: none without a counted block, else the last + minIntervalDays', () => {
    expect(earliestNextBlockDate(opened(seriesStory().state()))).toBeNull();
    expect(earliestNextBlockDate(opened(seriesStory().booked().cancelled().state()))).toBeNull();
    expect(earliestNextBlockDate(opened(seriesStory().blockDone().state()))).toBe('2027-03-09');
  });

  it('the earliest next block: its first date, and that date at the latest block’s clock time', () => {
    const done = opened(seriesStory().blockDone().state());
    expect([earliestNextBlockDate(done), earliestNextBlockStart(done)]).toEqual([
      '2027-03-09',
      '2027-03-09T14:00:00+00:00',
    ]);
    expect(earliestNextBlockStart(opened(seriesStory().state()))).toBeNull();
    const booked = opened(seriesStory().blockDone().booked().state());
    expect(earliestNextBlockDate(booked)).toBe('2027-03-16');
    expect(earliestNextBlockDate(booked, 'appointment-2')).toBe('2027-03-09');
  });

  it('counts a booked block and a performed one awaiting judgement toward the initial series', () => {
    const booked = opened(seriesStory().booked().state());
    expect(initialSeriesUnits(booked)).toBe(1);
    const performing = opened(
      series.evolve(seriesStory().booked().checkedIn().state(), blockPerformed()),
    );
    expect(initialSeriesUnits(performing)).toBe(1);
    expect(initialSeriesUnits(opened(seriesStory().blockDone('technical-failure').state()))).toBe(
      0,
    );
  });

  it('the yearly window ends at the instant asked about', () => {
    const state = opened(seriesStory().blockDone().blockDone().state());
    expect(yearlyUnits(state, '2027-03-02T09:00:00-05:00')).toBe(1);
    expect(yearlyUnits(state, '2027-03-01T09:00:00-05:00')).toBe(0);
    expect(yearlyUnits(state, '2028-03-02T09:00:00-05:00')).toBe(1);
    expect(yearlyUnits(state, '2028-03-10T09:00:00-04:00')).toBe(0);
  });

  it('moving a block needs an open series', () => {
    const state = opened(seriesStory().blockDone().closed().state());
    expect(() => assertBlockCanBeMoved(state, rescheduleBlockCommand())).toThrow(
      expect.objectContaining({ code: 'series-not-open' }),
    );
  });

  it('the recommendation refuses a state no event can produce (unknown classification or intent)', () => {
    const story = seriesStory().blockDone();
    const state = opened(story.state());
    const corrupt = (patch: (s: OpenedSeriesState) => void) => {
      const copy = JSON.parse(JSON.stringify(state)) as OpenedSeriesState;
      patch(copy);
      return copy;
    };
    expect(() =>
      recommendNextStep(
        corrupt(
          (s) =>
            ((s.blocks[0] as { outcome: { classification: string } }).outcome.classification =
              'odd'),
        ),
      ),
    ).toThrow('Unknown classification odd');
    expect(() =>
      recommendNextStep(corrupt((s) => ((s as { intent: string }).intent = 'odd'))),
    ).toThrow('Unknown intent odd');
  });
});
