import fc from 'fast-check';
import { replaySeriesHistory, seriesHistory } from '@app/testing';
import { isActive, isCounted } from '../appointment/appointment.state';
import { RECOMMENDATION_ACTIONS } from '../shared/clinical-vocabulary';
import { recommendNextStep } from './recommendation';
import type { TreatmentSeriesState } from './treatment-series.state';

/**
 * Property: for every reachable series state (libs/testing's series histories: random command
 * sequences, keeping the accepted ones), the recommendation is defined: it never throws and is null
 * or one of docs/http-api.md's actions with a reason and a rule; it is null exactly when the series
 * is not open or a block is still to be done. And the accepted commands keep the series'
 * invariants: one active block at most, blocks at least minIntervalDays apart.
 */

const seenRules = new Set<string>();

function assertInvariants(state: TreatmentSeriesState): void {
  const recommendation = recommendNextStep(state);
  if (recommendation !== null) {
    seenRules.add(recommendation.rule);
    expect(RECOMMENDATION_ACTIONS).toContain(recommendation.action);
    expect(recommendation.reason.length).toBeGreaterThan(20);
    expect(recommendation.rule).toMatch(/^[a-z]+(-[a-z]+)*$/);
  }
  if (state.status === 'not-opened') return;
  const stillToDo = state.blocks.some(isActive);
  expect(recommendation === null).toBe(state.status !== 'open' || stillToDo);
  expect(state.blocks.filter(isActive).length).toBeLessThanOrEqual(1);
  const dates = state.blocks
    .filter(isCounted)
    .map((b) => Date.parse(`${b.clinicDate}T00:00:00Z`))
    .sort((a, b) => a - b);
  for (let i = 1; i < dates.length; i++) {
    expect((dates[i] - dates[i - 1]) / 86_400_000).toBeGreaterThanOrEqual(
      state.policy.minIntervalDays,
    );
  }
}

describe('recommendation properties', () => {
  it('is defined for every reachable series state, and the series keeps its invariants', () => {
    fc.assert(
      fc.property(seriesHistory(), (history) => {
        replaySeriesHistory(history, (state) => assertInvariants(state));
      }),
      { numRuns: 300 },
    );
    // The random walks reach the interesting states, not only "book the first block".
    expect(seenRules.size).toBeGreaterThanOrEqual(4);
  });
});
