import type { Anticoagulant } from '../shared/clinical-vocabulary';

/**
 * Every number of CLINICAL.md is a default a clinic's medical director can change. A series records
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
};
