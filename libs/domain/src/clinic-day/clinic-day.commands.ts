import type { ClinicCalendar, SlotPolicy } from '../clinic-calendar/clinic-calendar';

/**
 * Commands of one clinic day (stream ClinicDay-<date>). ReserveSlot for an appointment that already
 * holds a reservation on this day is a move: it emits SlotReleased (reason `rescheduled`) and then
 * SlotReserved, checking overlap against every reservation but its own old one. Reserving the exact
 * slot it already holds emits nothing (a retried command).
 */
export type ReserveSlot = {
  type: 'ReserveSlot';
  data: {
    appointmentId: string;
    seriesId: string;
    physicianId: string;
    roomId: string;
    start: string;
    /** The clinic's resources, hours and time zone. */
    calendar: ClinicCalendar;
    /** The series' policy: its roomSlotMinutes sets the slot's end. */
    policy: SlotPolicy;
    now: string;
  };
};

/** Releasing a reservation that was already released emits nothing (a retried compensation). */
export type ReleaseSlot = {
  type: 'ReleaseSlot';
  data: {
    clinicDate: string;
    appointmentId: string;
    reason: 'cancelled' | 'rescheduled' | 'booking-abandoned';
    now: string;
  };
};

export type ClinicDayCommand = ReserveSlot | ReleaseSlot;

export const CLINIC_DAY_COMMAND_TYPES: ReadonlyArray<ClinicDayCommand['type']> = [
  'ReserveSlot',
  'ReleaseSlot',
];
