import type { Anticoagulant } from '../shared/clinical-vocabulary';

/**
 * Every number of docs/clinical-rules.md is a default a clinic's medical director can change. A series records
 * the policy it was opened under (SeriesOpened.policy), so changing policy never rewrites history.
 */
export interface ClinicalPolicy {
  /** Bump whenever any value changes; recorded with every series and outcome. */
  version: string;
  /** Skin-temperature rise on the blocked side that means the sympathetic chain was blocked (°C). */
  tempRiseMinC: number;
  /** Relief at or above this is positive (%). */
  reliefPositivePct: number;
  /** Relief at or above this (and below positive) is partial (%); below it, negative. */
  reliefPartialPct: number;
  /** Temperature observation window after the injection (minutes). */
  observationWindowMinutes: number;
  minIntervalDays: number;
  /** Blocks in an initial series, unless the patient is in a rehabilitation programme. */
  initialSeriesMaxBlocks: number;
  /** Blocks per rolling 12 months, technical failures included. */
  yearlyMaxBlocks: number;
  /** Positive prognostic blocks before recommending referral to radiofrequency ablation. */
  neurolysisMinPositiveBlocks: number;
  /** Technical failures in a row before physician review instead of another repeat. */
  consecutiveTechnicalFailuresForReview: number;
  roomSlotMinutes: number;
  recoveryMinutes: number;
  /** Minimum modified Aldrete score for same-day discharge home. */
  dischargeMinAldrete: number;
  /** Minimum PADSS score (of 10) for same-day discharge home. */
  dischargeMinPadss: number;
  /** Hold before the procedure, in hours (days × 24; enoxaparin 12 h / 24 h); 0: no hold; null: physician decides. */
  anticoagulantHoldHours: Record<Anticoagulant, number | null>;
  /** No messages from quietHoursStart to quietHoursEnd, patient's local time ("HH:mm"). */
  quietHoursStart: string;
  quietHoursEnd: string;
  /** The pain checks after a block, in days after its clinic date (docs/clinical-rules.md: day 7, day 28). */
  firstFollowUpDay: number;
  secondFollowUpDay: number;
  /**
   * A follow-up recorded from day − grace on covers a check (a later one too); a check without one
   * is overdue once day + grace has ended. The day's pain-check reminder is not sent after that.
   */
  followUpGraceDays: number;
}

export const DEFAULT_CLINICAL_POLICY: ClinicalPolicy = {
  version: 'clinical-defaults-2026-11',
  tempRiseMinC: 2.0,
  reliefPositivePct: 50,
  reliefPartialPct: 30,
  observationWindowMinutes: 40,
  minIntervalDays: 7,
  initialSeriesMaxBlocks: 3,
  yearlyMaxBlocks: 6,
  neurolysisMinPositiveBlocks: 2,
  consecutiveTechnicalFailuresForReview: 2,
  roomSlotMinutes: 60,
  recoveryMinutes: 30,
  dischargeMinAldrete: 9,
  dischargeMinPadss: 9,
  anticoagulantHoldHours: {
    warfarin: 5 * 24,
    clopidogrel: 7 * 24,
    prasugrel: 7 * 24,
    ticagrelor: 5 * 24,
    rivaroxaban: 3 * 24,
    apixaban: 3 * 24,
    edoxaban: 3 * 24,
    dabigatran: 4 * 24,
    'enoxaparin-prophylactic': 12,
    'enoxaparin-therapeutic': 24,
    aspirin: null,
  },
  quietHoursStart: '21:00',
  quietHoursEnd: '08:00',
  firstFollowUpDay: 7,
  secondFollowUpDay: 28,
  followUpGraceDays: 2,
};

/**
 * Keys added to the policy after series were first opened, with the values those series were in
 * fact followed under. A SeriesOpened written before a key existed lacks it: reading the policy
 * from the event fills it from here, never from the clinic's current policy (history is not
 * rewritten by a later configuration).
 */
const KEYS_ADDED_LATER = {
  firstFollowUpDay: 7,
  secondFollowUpDay: 28,
  followUpGraceDays: 2,
} as const satisfies Partial<ClinicalPolicy>;

/** Every key in the order of a fresh policy, the later ones at the values old series were followed under. */
const HISTORICAL_POLICY: ClinicalPolicy = { ...DEFAULT_CLINICAL_POLICY, ...KEYS_ADDED_LATER };

/** The policy as recorded in an event, completed with the keys older events lack. */
export function recordedPolicy(recorded: ClinicalPolicy): ClinicalPolicy {
  for (const key of Object.keys(KEYS_ADDED_LATER) as Array<keyof typeof KEYS_ADDED_LATER>) {
    // Laid over a whole policy, the recorded values keep a fresh policy's layout, which the hot
    // folds read fastest (BENCHMARKS.md, "Before and after the redesign").
    if (recorded[key] === undefined) return { ...HISTORICAL_POLICY, ...recorded };
  }
  return recorded;
}
