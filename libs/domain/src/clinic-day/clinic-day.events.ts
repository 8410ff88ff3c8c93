/**
 * Facts of one clinic day, stream `ClinicDay-<YYYY-MM-DD>` (the clinic's calendar date). The day
 * owns every reservation of a physician or a fluoroscopy room on it: written with an exact expected
 * revision, it is the consistency boundary that makes double booking impossible. A reservation is
 * the first step of booking; the series confirms it (BlockBooked) or it is released.
 */

export type SlotReserved = {
  type: 'SlotReserved';
  data: {
    clinicDate: string;
    appointmentId: string;
    seriesId: string;
    physicianId: string;
    roomId: string;
    /** ISO 8601 with the clinic's offset; [start, end) */
    start: string;
    end: string;
    reservedAt: string;
  };
};

export type SlotReleased = {
  type: 'SlotReleased';
  data: {
    clinicDate: string;
    appointmentId: string;
    /** cancelled, rescheduled (moved to another slot), booking-abandoned (the series refused it) */
    reason: 'cancelled' | 'rescheduled' | 'booking-abandoned';
    releasedAt: string;
  };
};

export type ClinicDayEvent = SlotReserved | SlotReleased;

export const CLINIC_DAY_EVENT_TYPES: ReadonlyArray<ClinicDayEvent['type']> = [
  'SlotReserved',
  'SlotReleased',
];
