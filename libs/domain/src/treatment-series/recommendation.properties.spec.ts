import fc from 'fast-check';
import { aClinicalPolicy, openSeriesCommand, shifted } from '@app/testing';
import { isActive, isCounted } from '../appointment/appointment.state';
import { RECOMMENDATION_ACTIONS } from '../shared/clinical-vocabulary';
import { isDomainError } from '../shared/domain-error';
import { clinicDateOf } from '../shared/instant';
import { recommendNextStep } from './recommendation';
import type { TreatmentSeriesCommand } from './treatment-series.commands';
import { treatmentSeriesDecider as series } from './treatment-series.decider';
import type { TreatmentSeriesState } from './treatment-series.state';

/**
 * Property: for every reachable series state (random command sequences, keeping the accepted
 * ones), the recommendation is defined: it never throws and is null or one of API.md's actions with
 * a reason and a rule; it is null exactly when the series is not open or a block is still to be done.
 * And the accepted commands keep the series' invariants: one active block at most, blocks at least
 * minIntervalDays apart.
 */

const ZONE = 'America/New_York';

const likely = fc.constantFrom(true, true, true, false);

const step = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('book' as const),
      days: fc.integer({ min: 0, max: 30 }),
      hour: fc.integer({ min: 8, max: 16 }),
      sedation: fc.boolean(),
      anticoagulant: fc.constantFrom(null, 'warfarin' as const, 'aspirin' as const),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('reschedule' as const),
      days: fc.integer({ min: -10, max: 20 }),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('no-show' as const) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('check-in' as const),
      escort: likely,
      fasting: likely,
      held: likely,
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('perform' as const),
      rise: fc.integer({ min: -5, max: 40 }).map((n) => n / 10),
      painBefore: fc.integer({ min: 0, max: 10 }),
      painAfter: fc.integer({ min: 0, max: 10 }),
      otherRise: fc.option(fc.integer({ min: 0, max: 40 }).map((n) => n / 10)),
    }),
    weight: 5,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('discharge' as const),
      aldrete: fc.integer({ min: 7, max: 10 }),
      padss: fc.integer({ min: 7, max: 10 }),
      escort: fc.boolean(),
      home: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('follow-up' as const),
      hours: fc.integer({ min: 0, max: 400 }),
      daysAfter: fc.constantFrom(7, 28),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('override' as const),
      cap: fc.constantFrom('initial-series' as const, 'yearly' as const),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant('refer' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('close' as const) }), weight: 1 },
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const setup = fc.record({
  intent: fc.constantFrom('diagnostic' as const, 'prognostic' as const, 'therapeutic' as const),
  side: fc.constantFrom('left' as const, 'right' as const, 'bilateral' as const),
  rehabilitationProgramme: fc.boolean(),
  tempRiseMinC: fc.constantFrom(1.5, 2.0),
  neurolysisMinPositiveBlocks: fc.integer({ min: 1, max: 3 }),
  consecutiveTechnicalFailuresForReview: fc.integer({ min: 1, max: 3 }),
  initialSeriesMaxBlocks: fc.integer({ min: 1, max: 4 }),
  yearlyMaxBlocks: fc.integer({ min: 2, max: 8 }),
});

function commandFor(
  s: Step,
  state: TreatmentSeriesState,
  clock: { now: string },
  n: number,
): TreatmentSeriesCommand | null {
  if (state.status === 'not-opened') return null;
  const current = state.blocks[state.blocks.length - 1];
  const base = { seriesId: state.seriesId, now: clock.now };
  const appointment = current ? { appointmentId: current.appointmentId } : null;
  switch (s.kind) {
    case 'book': {
      const day = shifted(clock.now, { days: s.days }).slice(0, 10);
      const start = shifted(`${day}T00:00:00-05:00`, { hours: s.hour }, ZONE);
      const aligned = shifted(start, { hours: 0 }, ZONE);
      return {
        type: 'BookBlock',
        data: {
          ...base,
          appointmentId: `appointment-${n}`,
          physicianId: 'physician-1',
          roomId: 'fluoro-room-1',
          start: aligned,
          end: shifted(aligned, { minutes: state.policy.roomSlotMinutes }, ZONE),
          clinicDate: clinicDateOf(aligned, ZONE),
          sedation: s.sedation,
          anticoagulant: s.anticoagulant,
        },
      };
    }
    case 'reschedule': {
      if (!appointment) return null;
      const start = shifted(current.start, { days: s.days }, ZONE);
      return {
        type: 'RescheduleBlock',
        data: {
          ...base,
          ...appointment,
          physicianId: 'physician-2',
          roomId: 'fluoro-room-2',
          start,
          end: shifted(start, { minutes: 60 }, ZONE),
          clinicDate: clinicDateOf(start, ZONE),
        },
      };
    }
    case 'cancel':
      return (
        appointment && {
          type: 'CancelBlock',
          data: { ...base, ...appointment, reason: 'patient request' },
        }
      );
    case 'no-show':
      return (
        appointment && {
          type: 'RecordNoShow',
          data: { ...base, ...appointment, now: shifted(current.start, { minutes: 20 }, ZONE) },
        }
      );
    case 'check-in':
      return (
        appointment && {
          type: 'CheckInPatient',
          data: {
            ...base,
            ...appointment,
            escortPresent: s.escort,
            fastingConfirmed: s.fasting,
            anticoagulantHeld: s.held,
            timeZone: ZONE,
            now: shifted(current.start, { minutes: -30 }, ZONE),
          },
        }
      );
    case 'perform':
      return (
        appointment && {
          type: 'RecordBlockPerformed',
          data: {
            ...base,
            ...appointment,
            levels: ['L2', 'L3'],
            side: state.side,
            sedationGiven: true,
            baselineTempC: 30,
            peakTempC: 30 + s.rise,
            contralateralBaselineTempC: s.otherRise === null ? null : 30,
            contralateralPeakTempC: s.otherRise === null ? null : 30 + s.otherRise,
            painBefore: s.painBefore,
            painAfter: s.painAfter,
            timeZone: ZONE,
            now: shifted(current.start, { minutes: 30 }, ZONE),
          },
        }
      );
    case 'discharge':
      return (
        appointment && {
          type: 'DischargePatient',
          data: {
            ...base,
            ...appointment,
            aldreteScore: s.aldrete,
            padssScore: s.padss,
            escortPresent: s.escort,
            disposition: s.home ? 'home' : 'admitted',
            timeZone: ZONE,
            now: shifted(current.start, { minutes: 90 }, ZONE),
          },
        }
      );
    case 'follow-up':
      return (
        appointment && {
          type: 'RecordFollowUp',
          data: {
            ...base,
            ...appointment,
            daysAfter: s.daysAfter,
            painScore: 3,
            reliefLastedHours: s.hours,
            now: shifted(current.start, { days: s.daysAfter }, ZONE),
          },
        }
      );
    case 'override':
      return {
        type: 'GrantCapOverride',
        data: { ...base, cap: s.cap, reason: 'physician decision' },
      };
    case 'refer':
      return { type: 'IssueReferral', data: { ...base, modality: 'radiofrequency', note: null } };
    case 'close':
      return { type: 'CloseSeries', data: { ...base, reason: 'physician decision' } };
  }
}

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
      fc.property(
        setup,
        fc.array(fc.tuple(step, fc.integer({ min: 0, max: 20 })), { maxLength: 60 }),
        (config, steps) => {
          const { intent, side, rehabilitationProgramme, ...policyValues } = config;
          const policy = aClinicalPolicy(policyValues);
          const clock = { now: '2027-02-01T09:00:00-05:00' };
          let state = series.initialState();
          state = series
            .decide(
              openSeriesCommand({ intent, side, rehabilitationProgramme, policy, now: clock.now }),
              state,
            )
            .reduce(series.evolve, state);
          assertInvariants(state);
          steps.forEach(([s, advanceDays], n) => {
            clock.now = shifted(clock.now, { days: advanceDays }, ZONE);
            const command = commandFor(s, state, clock, n);
            if (command === null) return;
            try {
              state = series.decide(command, state).reduce(series.evolve, state);
            } catch (error) {
              if (!isDomainError(error)) throw error;
            }
            assertInvariants(state);
          });
        },
      ),
      { numRuns: 300 },
    );
    // The random walks reach the interesting states, not only "book the first block".
    expect(seenRules.size).toBeGreaterThanOrEqual(4);
  });
});
