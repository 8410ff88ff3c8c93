import type { Appointment } from '../appointment/appointment.state';
import type { ClinicalPolicy } from '../policy/clinical-policy';
import type { Indication, Intent, ReferralModality, Side } from '../shared/clinical-vocabulary';

export interface CapOverride {
  cap: 'initial-series' | 'yearly';
  reason: string;
  grantedAt: string;
}

export interface Referral {
  modality: ReferralModality;
  note: string | null;
  issuedAt: string;
}

export interface SeriesDetails {
  seriesId: string;
  patientId: string;
  indication: Indication;
  icd10: string | null;
  side: Side;
  intent: Intent;
  rehabilitationProgramme: boolean;
  /** The policy the series was opened under: every later rule and judgement uses it. */
  policy: ClinicalPolicy;
  openedAt: string;
  /** Every block ever booked, in booking order (cancelled and no-show included). */
  blocks: Appointment[];
  capOverrides: CapOverride[];
  referrals: Referral[];
}

/**
 * A series is not opened yet, open, referred (a physician issued a referral for neurolysis: no more
 * blocks, more referrals allowed) or closed (with a reason).
 */
export type TreatmentSeriesState =
  | { status: 'not-opened' }
  | (SeriesDetails & { status: 'open' })
  | (SeriesDetails & { status: 'referred' })
  | (SeriesDetails & { status: 'closed'; closeReason: string; closedAt: string });

export type OpenedSeriesState = Exclude<TreatmentSeriesState, { status: 'not-opened' }>;

/** The series' block for an appointment (in any status), or undefined (unknown, or no series). */
export function blockOfSeries(
  state: TreatmentSeriesState,
  appointmentId: string,
): Appointment | undefined {
  return state.status === 'not-opened'
    ? undefined
    : state.blocks.find((b) => b.appointmentId === appointmentId);
}
