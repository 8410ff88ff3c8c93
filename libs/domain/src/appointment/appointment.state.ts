import type { Anticoagulant } from '../shared/clinical-vocabulary';
import { toMillis } from '../shared/instant';
import type {
  BlockOutcomeRecorded,
  BlockPerformed,
  FollowUpRecorded,
  PatientCheckedIn,
  PatientDischarged,
} from '../treatment-series/treatment-series.events';

/**
 * One block of a series as an appointment: a small state machine, booked → checked-in → performed
 * → discharged, or cancelled (from booked or checked-in: a deferral) or no-show (from booked). Its
 * events are series events; the union on `status` keeps impossible combinations out (no outcome
 * without a procedure, no discharge without an outcome).
 */
export interface AppointmentBase {
  appointmentId: string;
  seriesId: string;
  blockNumber: number;
  physicianId: string;
  roomId: string;
  start: string;
  end: string;
  clinicDate: string;
  sedation: boolean;
  anticoagulant: Anticoagulant | null;
  bookedAt: string;
}

type Without<T, K extends keyof T> = Omit<T, K>;
export type CheckIn = Without<PatientCheckedIn['data'], 'seriesId' | 'appointmentId'>;
export type Procedure = Without<BlockPerformed['data'], 'seriesId' | 'appointmentId'>;
export type BlockOutcome = Without<BlockOutcomeRecorded['data'], 'seriesId' | 'appointmentId'>;
export type Discharge = Without<PatientDischarged['data'], 'seriesId' | 'appointmentId'>;
export type FollowUp = Without<FollowUpRecorded['data'], 'seriesId' | 'appointmentId'>;

export type BookedAppointment = AppointmentBase & { status: 'booked' };
export type CheckedInAppointment = AppointmentBase & { status: 'checked-in'; checkIn: CheckIn };
export type PerformedAppointment = AppointmentBase & {
  status: 'performed';
  checkIn: CheckIn;
  procedure: Procedure;
  /** Recorded in the same append as the procedure; null only between the two events. */
  outcome: BlockOutcome | null;
  followUps: FollowUp[];
};
export type DischargedAppointment = Omit<PerformedAppointment, 'status'> & {
  status: 'discharged';
  discharge: Discharge;
};
export type CancelledAppointment = AppointmentBase & {
  status: 'cancelled';
  checkIn: CheckIn | null;
  reason: string;
  cancelledAt: string;
};
export type NoShowAppointment = AppointmentBase & { status: 'no-show'; recordedAt: string };

export type Appointment =
  | BookedAppointment
  | CheckedInAppointment
  | PerformedAppointment
  | DischargedAppointment
  | CancelledAppointment
  | NoShowAppointment;

/** Booked or checked in: the block is still to be done. */
export type ActiveAppointment = BookedAppointment | CheckedInAppointment;
/** The block was done (and judged). */
export type DoneAppointment = PerformedAppointment | DischargedAppointment;

export function isActive(appointment: Appointment): appointment is ActiveAppointment {
  return appointment.status === 'booked' || appointment.status === 'checked-in';
}

export function isDone(appointment: Appointment): appointment is DoneAppointment {
  return appointment.status === 'performed' || appointment.status === 'discharged';
}

/** Cancelled and no-show blocks were never done: they are not assessments and count for nothing. */
export function isCounted(appointment: Appointment): boolean {
  return isActive(appointment) || isDone(appointment);
}

/** The block is held at exactly this slot: same physician, same room, same start instant. */
export function isAtSlot(
  block: Pick<AppointmentBase, 'physicianId' | 'roomId' | 'start'>,
  slot: { physicianId: string; roomId: string; start: string },
): boolean {
  return (
    block.physicianId === slot.physicianId &&
    block.roomId === slot.roomId &&
    toMillis(block.start) === toMillis(slot.start, 'start')
  );
}
