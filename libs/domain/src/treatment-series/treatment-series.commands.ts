import type { ClinicalPolicy } from '../policy/clinical-policy';
import type {
  Anticoagulant,
  Disposition,
  Indication,
  Intent,
  LumbarLevel,
  ReferralModality,
  Side,
} from '../shared/clinical-vocabulary';

/**
 * Commands of a treatment series and of its blocks (appointments), `{ type, data }`, imperatives.
 * Every command carries `now` (ISO 8601 instant: the domain never reads a clock) and everything
 * else its rules need: ids, the clinic's time zone for the appointment-day rules, the policy for
 * OpenSeries (later commands are judged by the policy recorded in SeriesOpened).
 */

export type OpenSeries = {
  type: 'OpenSeries';
  data: {
    seriesId: string;
    patientId: string;
    indication: Indication;
    icd10: string | null;
    side: Side;
    intent: Intent;
    /** Lifts the initial-series cap (docs/clinical-rules.md); default false. */
    rehabilitationProgramme?: boolean;
    /** The clinic's current policy: recorded whole with the series. */
    policy: ClinicalPolicy;
    now: string;
  };
};

/**
 * Confirms in the series a slot already reserved in its ClinicDay (copy start, end and clinicDate
 * from SlotReserved). Check it before reserving with `assertBlockCanBeBooked`.
 */
export type BookBlock = {
  type: 'BookBlock';
  data: {
    seriesId: string;
    appointmentId: string;
    physicianId: string;
    roomId: string;
    start: string;
    end: string;
    clinicDate: string;
    sedation: boolean;
    anticoagulant: Anticoagulant | null;
    now: string;
  };
};

/** Moves a booked block to a slot already reserved (the reservation's start, end, clinicDate). */
export type RescheduleBlock = {
  type: 'RescheduleBlock';
  data: {
    seriesId: string;
    appointmentId: string;
    physicianId: string;
    roomId: string;
    start: string;
    end: string;
    clinicDate: string;
    now: string;
  };
};

export type CancelBlock = {
  type: 'CancelBlock';
  data: { seriesId: string; appointmentId: string; reason: string; now: string };
};

export type RecordNoShow = {
  type: 'RecordNoShow';
  data: { seriesId: string; appointmentId: string; now: string };
};

export type CheckInPatient = {
  type: 'CheckInPatient';
  data: {
    seriesId: string;
    appointmentId: string;
    escortPresent: boolean;
    fastingConfirmed: boolean;
    anticoagulantHeld: boolean;
    /** The clinic's IANA zone: check-in happens on the appointment's clinic date. */
    timeZone: string;
    now: string;
  };
};

/** Emits BlockPerformed and BlockOutcomeRecorded (judged by the series' policy). */
export type RecordBlockPerformed = {
  type: 'RecordBlockPerformed';
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
    /** NRS 0–10 integers. */
    painBefore: number;
    painAfter: number;
    timeZone: string;
    now: string;
  };
};

export type DischargePatient = {
  type: 'DischargePatient';
  data: {
    seriesId: string;
    appointmentId: string;
    aldreteScore: number;
    padssScore: number;
    escortPresent: boolean;
    disposition: Disposition;
    timeZone: string;
    now: string;
  };
};

export type RecordFollowUp = {
  type: 'RecordFollowUp';
  data: {
    seriesId: string;
    appointmentId: string;
    daysAfter: number;
    painScore: number;
    reliefLastedHours: number;
    now: string;
  };
};

export type GrantCapOverride = {
  type: 'GrantCapOverride';
  data: { seriesId: string; cap: 'initial-series' | 'yearly'; reason: string; now: string };
};

export type IssueReferral = {
  type: 'IssueReferral';
  data: { seriesId: string; modality: ReferralModality; note: string | null; now: string };
};

export type CloseSeries = {
  type: 'CloseSeries';
  data: { seriesId: string; reason: string; now: string };
};

export type TreatmentSeriesCommand =
  | OpenSeries
  | BookBlock
  | RescheduleBlock
  | CancelBlock
  | RecordNoShow
  | CheckInPatient
  | RecordBlockPerformed
  | DischargePatient
  | RecordFollowUp
  | GrantCapOverride
  | IssueReferral
  | CloseSeries;

export const TREATMENT_SERIES_COMMAND_TYPES: ReadonlyArray<TreatmentSeriesCommand['type']> = [
  'OpenSeries',
  'BookBlock',
  'RescheduleBlock',
  'CancelBlock',
  'RecordNoShow',
  'CheckInPatient',
  'RecordBlockPerformed',
  'DischargePatient',
  'RecordFollowUp',
  'GrantCapOverride',
  'IssueReferral',
  'CloseSeries',
];
