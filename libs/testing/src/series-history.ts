import {
  clinicDateOf,
  isDomainError,
  treatmentSeriesDecider as series,
  type TreatmentSeriesCommand,
  type TreatmentSeriesEvent,
  type TreatmentSeriesState,
} from '@app/domain';
import fc from 'fast-check';
import { aClinicalPolicy, openSeriesCommand } from './builders';
import { shifted } from './fixed-clock';

/**
 * Generated series histories for property tests: a series' setup (intent, side, a policy) and a
 * random walk of front-desk and clinical steps. Replayed through the decider, keeping the accepted
 * commands, they reach every state a clinic can (and the odd ones a lagging clock allows).
 */

const ZONE = 'America/New_York';
const OPENED_AT = '2027-02-01T09:00:00-05:00';

const likely = fc.constantFrom(true, true, true, false);

export const seriesStep = fc.oneof(
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
  {
    // A whole clinic day for the booked block: check-in, the block, discharge, maybe a follow-up.
    // Random single steps seldom line up in that order; this reaches the judged states often.
    arbitrary: fc.record({
      kind: fc.constant('clinic-day' as const),
      rise: fc.integer({ min: -5, max: 40 }).map((n) => n / 10),
      painBefore: fc.integer({ min: 1, max: 10 }),
      /** Relief in tenths of the pain before: about half the blocks are positive. */
      reliefTenths: fc.integer({ min: 0, max: 10 }),
      home: likely,
      followUpHours: fc.option(fc.integer({ min: 0, max: 400 })),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('refer' as const) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('close' as const) }), weight: 1 },
);

export type SeriesStep = typeof seriesStep extends fc.Arbitrary<infer T> ? T : never;

export const seriesSetup = fc.record({
  intent: fc.constantFrom('diagnostic' as const, 'prognostic' as const, 'therapeutic' as const),
  side: fc.constantFrom('left' as const, 'right' as const, 'bilateral' as const),
  rehabilitationProgramme: fc.boolean(),
  tempRiseMinC: fc.constantFrom(1.5, 2.0),
  neurolysisMinPositiveBlocks: fc.integer({ min: 1, max: 3 }),
  consecutiveTechnicalFailuresForReview: fc.integer({ min: 1, max: 3 }),
  initialSeriesMaxBlocks: fc.integer({ min: 1, max: 4 }),
  yearlyMaxBlocks: fc.integer({ min: 2, max: 8 }),
});

export type SeriesSetup = typeof seriesSetup extends fc.Arbitrary<infer T> ? T : never;

/** A setup and up to `maxSteps` steps, each after 0–20 days on the front desk's clock. */
export function seriesHistory(maxSteps = 60) {
  return fc.record({
    setup: seriesSetup,
    steps: fc.array(fc.tuple(seriesStep, fc.integer({ min: 0, max: 20 })), {
      maxLength: maxSteps,
    }),
  });
}

export type SeriesHistory =
  ReturnType<typeof seriesHistory> extends fc.Arbitrary<infer T> ? T : never;

/** An event as the store gives it back: `recordedAt` is the instant of the command that wrote it. */
export type RecordedSeriesEvent = TreatmentSeriesEvent & { metadata: { recordedAt: string } };

/**
 * Replays a history through the decider. `visit` sees the state after the series is opened and
 * after every step (refused ones too: then with no new event), with the events that step recorded.
 */
export function replaySeriesHistory(
  history: SeriesHistory,
  visit: (state: TreatmentSeriesState, recorded: RecordedSeriesEvent[]) => void = () => {},
): { state: TreatmentSeriesState; events: RecordedSeriesEvent[] } {
  const { intent, side, rehabilitationProgramme, ...policyValues } = history.setup;
  const policy = aClinicalPolicy(policyValues);
  const clock = { now: OPENED_AT };
  const events: RecordedSeriesEvent[] = [];
  let state = series.initialState();
  const run = (command: TreatmentSeriesCommand) => {
    const recorded = series.decide(command, state).map((event) => ({
      ...event,
      metadata: { recordedAt: command.data.now },
    }));
    state = recorded.reduce(series.evolve, state);
    events.push(...recorded);
    return recorded;
  };
  visit(
    state,
    run(openSeriesCommand({ intent, side, rehabilitationProgramme, policy, now: clock.now })),
  );
  history.steps.forEach(([step, advanceDays], n) => {
    clock.now = shifted(clock.now, { days: advanceDays }, ZONE);
    for (const command of commandsFor(step, state, clock.now, n)) {
      let recorded: RecordedSeriesEvent[] = [];
      try {
        recorded = run(command);
      } catch (error) {
        if (!isDomainError(error)) throw error;
      }
      visit(state, recorded);
    }
  });
  return { state, events };
}

/** The commands of one step, built from the state before it (none when they make no sense). */
function commandsFor(
  s: SeriesStep,
  state: TreatmentSeriesState,
  now: string,
  n: number,
): TreatmentSeriesCommand[] {
  if (s.kind !== 'clinic-day') {
    const command = commandFor(s, state, now, n);
    return command === null ? [] : [command];
  }
  const day: SeriesStep[] = [
    { kind: 'check-in', escort: true, fasting: true, held: true },
    {
      kind: 'perform',
      rise: s.rise,
      painBefore: s.painBefore,
      painAfter: Math.round((s.painBefore * (10 - s.reliefTenths)) / 10),
      otherRise: null,
    },
    { kind: 'discharge', aldrete: 10, padss: 10, escort: true, home: s.home },
  ];
  if (s.followUpHours !== null) {
    day.push({ kind: 'follow-up', hours: s.followUpHours, daysAfter: 7 });
  }
  return day.flatMap((step) => commandsFor(step, state, now, n));
}

function commandFor(
  s: Exclude<SeriesStep, { kind: 'clinic-day' }>,
  state: TreatmentSeriesState,
  now: string,
  n: number,
): TreatmentSeriesCommand | null {
  if (state.status === 'not-opened') return null;
  const current = state.blocks[state.blocks.length - 1];
  const base = { seriesId: state.seriesId, now };
  const appointment = current ? { appointmentId: current.appointmentId } : null;
  switch (s.kind) {
    case 'book': {
      const day = shifted(now, { days: s.days }).slice(0, 10);
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
