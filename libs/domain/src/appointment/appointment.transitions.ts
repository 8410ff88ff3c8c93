import { requiresHold } from '../anticoagulant/anticoagulant-hold';
import type { ClinicalPolicy } from '../policy/clinical-policy';
import type { AppointmentStatus } from '../shared/clinical-vocabulary';
import { InvalidMeasurementError } from '../shared/domain-error';
import { clinicDateOf, formatInstant, toMillis } from '../shared/instant';
import type {
  BlockBooked,
  BlockCancelled,
  BlockOutcomeRecorded,
  BlockPerformed,
  BlockRescheduled,
  FollowUpRecorded,
  NoShowRecorded,
  PatientCheckedIn,
  PatientDischarged,
} from '../treatment-series/treatment-series.events';
import {
  AnticoagulantNotHeldError,
  DischargeCriteriaNotMetError,
  EscortRequiredError,
  FastingNotConfirmedError,
  InvalidTransitionError,
  NoShowTooEarlyError,
  NotAppointmentDayError,
  RecoveryNotCompleteError,
} from './appointment.errors';
import type {
  ActiveAppointment,
  Appointment,
  BookedAppointment,
  CheckedInAppointment,
  DischargedAppointment,
  DoneAppointment,
  PerformedAppointment,
} from './appointment.state';

/** The lifecycle: every step only from the step before it. */
export const APPOINTMENT_TRANSITIONS: Readonly<
  Record<AppointmentStatus, ReadonlyArray<AppointmentStatus>>
> = {
  booked: ['booked', 'checked-in', 'cancelled', 'no-show'],
  'checked-in': ['performed', 'cancelled'],
  performed: ['discharged'],
  discharged: [],
  cancelled: [],
  'no-show': [],
};

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return APPOINTMENT_TRANSITIONS[from].includes(to);
}

/** InvalidTransitionError unless the appointment may move to `to` (booked → booked: a reschedule). */
export function assertTransition(appointment: Appointment, to: AppointmentStatus): void {
  if (!canTransition(appointment.status, to)) {
    throw new InvalidTransitionError(appointment.status, to);
  }
}

/** Check-in, procedure and discharge happen on the appointment's clinic date. */
export function assertOnAppointmentDay(
  appointment: Appointment,
  now: string,
  timeZone: string,
): void {
  if (clinicDateOf(now, timeZone) !== appointment.clinicDate) {
    throw new NotAppointmentDayError(appointment.clinicDate);
  }
}

export function assertNoShowAllowed(appointment: Appointment, now: string): void {
  assertTransition(appointment, 'no-show');
  if (toMillis(now, 'now') < toMillis(appointment.start, 'start')) throw new NoShowTooEarlyError();
}

/**
 * Sedation needs an adult escort and confirmed fasting; an anticoagulant with a hold in the policy
 * must have been held. Aspirin (physician decides) and drugs without a hold do not refuse check-in.
 */
export function assertCheckInAllowed(
  appointment: Appointment,
  checkIn: { escortPresent: boolean; fastingConfirmed: boolean; anticoagulantHeld: boolean },
  policy: Pick<ClinicalPolicy, 'anticoagulantHoldHours'>,
): void {
  assertTransition(appointment, 'checked-in');
  if (appointment.sedation && !checkIn.escortPresent) throw new EscortRequiredError();
  if (appointment.sedation && !checkIn.fastingConfirmed) throw new FastingNotConfirmedError();
  if (
    appointment.anticoagulant !== null &&
    requiresHold(appointment.anticoagulant, policy) &&
    !checkIn.anticoagulantHeld
  ) {
    throw new AnticoagulantNotHeldError();
  }
}

function assertScore(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 10) {
    throw new InvalidMeasurementError(field, 'must be a whole number from 0 to 10');
  }
}

/**
 * Discharge home needs Aldrete ≥ dischargeMinAldrete, PADSS ≥ dischargeMinPadss, an escort after
 * sedation, and the recovery observation (recoveryMinutes since the block). Admission is a
 * disposition too and needs none of them.
 */
export function assertDischargeAllowed(
  appointment: Appointment,
  discharge: {
    aldreteScore: number;
    padssScore: number;
    escortPresent: boolean;
    disposition: 'home' | 'admitted';
    now: string;
  },
  policy: Pick<ClinicalPolicy, 'dischargeMinAldrete' | 'dischargeMinPadss' | 'recoveryMinutes'>,
  timeZone: string,
): void {
  assertTransition(appointment, 'discharged');
  const performed = appointment as DoneAppointment;
  assertScore(discharge.aldreteScore, 'aldreteScore');
  assertScore(discharge.padssScore, 'padssScore');
  if (discharge.disposition !== 'home') return;
  const unmet: string[] = [];
  if (discharge.aldreteScore < policy.dischargeMinAldrete) {
    unmet.push(`an Aldrete score of at least ${policy.dischargeMinAldrete}`);
  }
  if (discharge.padssScore < policy.dischargeMinPadss) {
    unmet.push(`a PADSS score of at least ${policy.dischargeMinPadss}`);
  }
  if (performed.procedure.sedationGiven && !discharge.escortPresent) {
    unmet.push('an adult escort present after sedation');
  }
  if (unmet.length > 0) throw new DischargeCriteriaNotMetError(unmet);
  const earliestMs =
    toMillis(performed.procedure.performedAt, 'performedAt') + policy.recoveryMinutes * 60_000;
  if (toMillis(discharge.now, 'now') < earliestMs) {
    throw new RecoveryNotCompleteError(policy.recoveryMinutes, formatInstant(earliestMs, timeZone));
  }
}

// Evolution: each fact moves the appointment one step; the series decider has checked the step.

export function appointmentBooked(event: BlockBooked): BookedAppointment {
  const { bookedAt, ...data } = event.data;
  return { status: 'booked', ...data, bookedAt };
}

export function appointmentRescheduled(
  appointment: BookedAppointment,
  event: BlockRescheduled,
): BookedAppointment {
  const { physicianId, roomId, start, end, clinicDate } = event.data;
  return { ...appointment, physicianId, roomId, start, end, clinicDate };
}

export function appointmentCheckedIn(
  appointment: BookedAppointment,
  event: PatientCheckedIn,
): CheckedInAppointment {
  const { escortPresent, fastingConfirmed, anticoagulantHeld, checkedInAt } = event.data;
  return {
    ...appointment,
    status: 'checked-in',
    checkIn: { escortPresent, fastingConfirmed, anticoagulantHeld, checkedInAt },
  };
}

export function appointmentPerformed(
  appointment: CheckedInAppointment,
  event: BlockPerformed,
): PerformedAppointment {
  const { seriesId: _s, appointmentId: _a, ...procedure } = event.data;
  return { ...appointment, status: 'performed', procedure, outcome: null, followUps: [] };
}

export function appointmentJudged(
  appointment: DoneAppointment,
  event: BlockOutcomeRecorded,
): DoneAppointment {
  const { seriesId: _s, appointmentId: _a, ...outcome } = event.data;
  return { ...appointment, outcome };
}

export function appointmentDischarged(
  appointment: PerformedAppointment,
  event: PatientDischarged,
): DischargedAppointment {
  const { seriesId: _s, appointmentId: _a, ...discharge } = event.data;
  return { ...appointment, status: 'discharged', discharge };
}

export function appointmentFollowedUp(
  appointment: DoneAppointment,
  event: FollowUpRecorded,
): DoneAppointment {
  const { seriesId: _s, appointmentId: _a, ...followUp } = event.data;
  return { ...appointment, followUps: [...appointment.followUps, followUp] };
}

export function appointmentCancelled(
  appointment: ActiveAppointment,
  event: BlockCancelled,
): Appointment {
  return {
    ...appointment,
    status: 'cancelled',
    checkIn: appointment.status === 'checked-in' ? appointment.checkIn : null,
    reason: event.data.reason,
    cancelledAt: event.data.cancelledAt,
  };
}

export function appointmentNoShow(
  appointment: BookedAppointment,
  event: NoShowRecorded,
): Appointment {
  return { ...appointment, status: 'no-show', recordedAt: event.data.recordedAt };
}
