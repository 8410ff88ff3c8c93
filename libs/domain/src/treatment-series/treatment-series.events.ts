import type { ClinicalPolicy } from '../policy/clinical-policy';
import type {
  Anticoagulant,
  Classification,
  Disposition,
  Indication,
  Intent,
  LumbarLevel,
  ReferralModality,
  Side,
} from '../shared/clinical-vocabulary';

/**
 * Facts of one treatment series, stream `TreatmentSeries-<seriesId>`. A series owns its blocks
 * (appointments): every step of an appointment's life is an event of its series, so the rules that
 * span blocks (interval, caps, one booked block at a time) and the recommendation read one stream.
 * Instants are ISO 8601 with the clinic's offset; `clinicDate` is YYYY-MM-DD in the clinic's zone.
 */

export type SeriesOpened = {
  type: 'SeriesOpened';
  data: {
    seriesId: string;
    patientId: string;
    indication: Indication;
    icd10: string | null;
    side: Side;
    intent: Intent;
    /** Lifts the initial-series cap (docs/clinical-rules.md). */
    rehabilitationProgramme: boolean;
    /** The policy this series is judged by, recorded whole. */
    policy: ClinicalPolicy;
    openedAt: string;
  };
};

export type BlockBooked = {
  type: 'BlockBooked';
  data: {
    seriesId: string;
    appointmentId: string;
    /** 1-based number of this block within the series (technical failures and repeats count). */
    blockNumber: number;
    physicianId: string;
    roomId: string;
    start: string;
    end: string;
    clinicDate: string;
    sedation: boolean;
    anticoagulant: Anticoagulant | null;
    bookedAt: string;
  };
};

export type BlockRescheduled = {
  type: 'BlockRescheduled';
  data: {
    seriesId: string;
    appointmentId: string;
    physicianId: string;
    roomId: string;
    start: string;
    end: string;
    clinicDate: string;
    previousStart: string;
    previousClinicDate: string;
    rescheduledAt: string;
  };
};

export type BlockCancelled = {
  type: 'BlockCancelled';
  data: { seriesId: string; appointmentId: string; reason: string; cancelledAt: string };
};

export type NoShowRecorded = {
  type: 'NoShowRecorded';
  data: { seriesId: string; appointmentId: string; recordedAt: string };
};

export type PatientCheckedIn = {
  type: 'PatientCheckedIn';
  data: {
    seriesId: string;
    appointmentId: string;
    escortPresent: boolean;
    fastingConfirmed: boolean;
    anticoagulantHeld: boolean;
    checkedInAt: string;
  };
};

export type BlockPerformed = {
  type: 'BlockPerformed';
  data: {
    seriesId: string;
    appointmentId: string;
    levels: LumbarLevel[];
    side: Side;
    sedationGiven: boolean;
    baselineTempC: number;
    peakTempC: number;
    contralateralBaselineTempC: number | null;
    contralateralPeakTempC: number | null;
    painBefore: number;
    painAfter: number;
    performedAt: string;
  };
};

/** The judgement of one block (docs/clinical-rules.md "Judging one block"), under the series' policy. */
export type BlockOutcomeRecorded = {
  type: 'BlockOutcomeRecorded';
  data: {
    seriesId: string;
    appointmentId: string;
    technicalSuccess: boolean;
    temperatureRiseC: number;
    /** null when pain before was 0: relief cannot be measured. */
    reliefPct: number | null;
    /** null when the block worked technically but relief cannot be measured (pain before 0). */
    classification: Classification | null;
    policyVersion: string;
  };
};

export type PatientDischarged = {
  type: 'PatientDischarged';
  data: {
    seriesId: string;
    appointmentId: string;
    aldreteScore: number;
    padssScore: number;
    escortPresent: boolean;
    disposition: Disposition;
    dischargedAt: string;
  };
};

export type FollowUpRecorded = {
  type: 'FollowUpRecorded';
  data: {
    seriesId: string;
    appointmentId: string;
    daysAfter: number;
    painScore: number;
    reliefLastedHours: number;
    recordedAt: string;
  };
};

/** A physician lifts a cap for this series, with a reason (docs/clinical-rules.md: payer limits). */
export type CapOverrideGranted = {
  type: 'CapOverrideGranted';
  data: {
    seriesId: string;
    cap: 'initial-series' | 'yearly';
    reason: string;
    grantedAt: string;
  };
};

export type ReferralIssued = {
  type: 'ReferralIssued';
  data: { seriesId: string; modality: ReferralModality; note: string | null; issuedAt: string };
};

export type SeriesClosed = {
  type: 'SeriesClosed';
  data: { seriesId: string; reason: string; closedAt: string };
};

export type TreatmentSeriesEvent =
  | SeriesOpened
  | BlockBooked
  | BlockRescheduled
  | BlockCancelled
  | NoShowRecorded
  | PatientCheckedIn
  | BlockPerformed
  | BlockOutcomeRecorded
  | PatientDischarged
  | FollowUpRecorded
  | CapOverrideGranted
  | ReferralIssued
  | SeriesClosed;

export const TREATMENT_SERIES_EVENT_TYPES: ReadonlyArray<TreatmentSeriesEvent['type']> = [
  'SeriesOpened',
  'BlockBooked',
  'BlockRescheduled',
  'BlockCancelled',
  'NoShowRecorded',
  'PatientCheckedIn',
  'BlockPerformed',
  'BlockOutcomeRecorded',
  'PatientDischarged',
  'FollowUpRecorded',
  'CapOverrideGranted',
  'ReferralIssued',
  'SeriesClosed',
];
