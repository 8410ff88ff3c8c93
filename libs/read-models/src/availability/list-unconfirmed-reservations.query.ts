import { Query } from '@nestjs/cqrs';

export interface UnconfirmedReservation {
  appointmentId: string;
  seriesId: string;
  clinicDate: string;
  physicianId: string;
  roomId: string;
  start: string;
  end: string;
  reservedAt: string;
  /**
   * - not-confirmed: the series never booked this appointment (a crash between reserving and
   *   confirming, or a booking abandoned without its release): complete it or release it
   *   (`booking-abandoned`);
   * - appointment-cancelled: the series cancelled it but the slot was not released (`cancelled`);
   * - appointment-moved: the series holds the appointment at another slot (`rescheduled`).
   */
  problem: 'not-confirmed' | 'appointment-cancelled' | 'appointment-moved';
  /** What the series says of the appointment, null when it never booked it. */
  appointment: {
    state: 'confirmed' | 'cancelled' | 'no-show';
    clinicDate: string;
    start: string;
    physicianId: string;
    roomId: string;
  } | null;
}

export interface UnconfirmedReservationsFilter {
  /** Only reservations made at least this long before `now` (a booking still in progress is not stale). */
  olderThanSeconds: number;
  /** ISO instant. */
  now: string;
  /** Default 100, at most 1000; oldest first. */
  limit?: number;
}

/**
 * Reservations still held in a ClinicDay that their series does not confirm at that slot: what the
 * booking reconciler completes or compensates on start. A no-show keeps its reservation (the slot
 * was used) and is not listed.
 */
export class ListUnconfirmedReservationsQuery extends Query<UnconfirmedReservation[]> {
  constructor(readonly filter: UnconfirmedReservationsFilter) {
    super();
  }
}
