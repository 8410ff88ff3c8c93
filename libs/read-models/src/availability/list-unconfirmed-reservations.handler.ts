import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toMillis } from '@app/domain';
import { ReadModelDatabase } from '../database/read-model-database';
import {
  RESERVATIONS,
  RESERVATION_BOOKINGS,
  type BookingRow,
  type ReservationRow,
} from './availability.projection';
import {
  ListUnconfirmedReservationsQuery,
  type UnconfirmedReservation,
} from './list-unconfirmed-reservations.query';

type Row = ReservationRow & {
  b_state: BookingRow['state'] | null;
  b_clinic_date: string | null;
  b_start: string | null;
  b_start_ms: number | null;
  b_physician_id: string | null;
  b_room_id: string | null;
};

@QueryHandler(ListUnconfirmedReservationsQuery)
export class ListUnconfirmedReservationsHandler implements IQueryHandler<ListUnconfirmedReservationsQuery> {
  constructor(@Inject(ReadModelDatabase) private readonly db: ReadModelDatabase) {}

  async execute({ filter }: ListUnconfirmedReservationsQuery): Promise<UnconfirmedReservation[]> {
    const before = toMillis(filter.now, 'now') - Math.max(0, filter.olderThanSeconds) * 1000;
    const limit = Math.min(Math.max(1, Math.trunc(filter.limit ?? 100)), 1000);
    const rows = this.db.read(({ t, all }) =>
      all<Row>(
        `SELECT r.*, b.state AS b_state, b.clinic_date AS b_clinic_date, b.start AS b_start,
                b.start_ms AS b_start_ms, b.physician_id AS b_physician_id, b.room_id AS b_room_id
         FROM ${t(RESERVATIONS)} r
         LEFT JOIN ${t(RESERVATION_BOOKINGS)} b
           ON b.appointment_id = r.appointment_id AND b.series_id = r.series_id
         WHERE r.reserved_at_ms <= ?
           AND (b.appointment_id IS NULL OR b.state = 'cancelled'
                OR (b.state = 'confirmed' AND (b.clinic_date <> r.clinic_date
                    OR b.start_ms <> r.start_ms OR b.physician_id <> r.physician_id
                    OR b.room_id <> r.room_id)))
         ORDER BY r.reserved_at_ms, r.appointment_id LIMIT ?`,
        before,
        limit,
      ),
    );
    return rows.map((row) => ({
      appointmentId: row.appointment_id,
      seriesId: row.series_id,
      clinicDate: row.clinic_date,
      physicianId: row.physician_id,
      roomId: row.room_id,
      start: row.start,
      end: row.end,
      reservedAt: row.reserved_at,
      problem:
        row.b_state === null
          ? 'not-confirmed'
          : row.b_state === 'cancelled'
            ? 'appointment-cancelled'
            : 'appointment-moved',
      appointment:
        row.b_state === null
          ? null
          : {
              state: row.b_state,
              clinicDate: row.b_clinic_date!,
              start: row.b_start!,
              physicianId: row.b_physician_id!,
              roomId: row.b_room_id!,
            },
    }));
  }
}
