import {
  toMillis,
  type SlotReleased,
  type SlotReserved,
  type TreatmentSeriesEvent,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { DeferredWrites } from '../database/deferred-writes';
import {
  streamIdOf,
  type ProjectionDefinition,
  type ProjectionTarget,
  type ProjectionWriter,
} from '../projection/projection';

/**
 * Reservations (GET /availability and the booking reconciler): every reservation a ClinicDay holds
 * now, from SlotReserved until SlotReleased. A reserved slot is taken even while the series has not
 * confirmed it: that is what makes the slot unavailable to anyone else. Indexed by physician and
 * by room on the start instant, so 8 weeks of one physician's and one room's reservations are two
 * range reads. Beside them, what the series says of each appointment (confirmed where, cancelled,
 * no-show), so a reservation nobody confirmed can be found after a crash mid-booking.
 */
export const RESERVATIONS = 'reservations';
export const RESERVATION_BOOKINGS = 'reservation_bookings';

export interface ReservationRow {
  appointment_id: string;
  clinic_date: string;
  series_id: string;
  physician_id: string;
  room_id: string;
  start: string;
  end: string;
  start_ms: number;
  end_ms: number;
  reserved_at: string;
  reserved_at_ms: number;
}

export interface BookingRow {
  appointment_id: string;
  series_id: string;
  state: 'confirmed' | 'cancelled' | 'no-show';
  clinic_date: string;
  start: string;
  start_ms: number;
  physician_id: string;
  room_id: string;
}

export const availabilityProjection: ProjectionDefinition = {
  name: 'availability',
  version: 2,
  eventTypes: new Set([
    'SlotReserved',
    'SlotReleased',
    'BlockBooked',
    'BlockRescheduled',
    'BlockCancelled',
    'NoShowRecorded',
  ]),
  ddl: (t) => [
    // An appointment being moved to another day holds both days' reservations for a moment.
    `CREATE TABLE ${t(RESERVATIONS)} (
       appointment_id TEXT NOT NULL,
       clinic_date    TEXT NOT NULL,
       series_id      TEXT NOT NULL,
       physician_id   TEXT NOT NULL,
       room_id        TEXT NOT NULL,
       start          TEXT NOT NULL,
       end            TEXT NOT NULL,
       start_ms       INTEGER NOT NULL,
       end_ms         INTEGER NOT NULL,
       reserved_at    TEXT NOT NULL,
       reserved_at_ms INTEGER NOT NULL,
       PRIMARY KEY (appointment_id, clinic_date)
     )`,
    `CREATE INDEX ${t('reservations_by_physician')} ON ${t(RESERVATIONS)} (physician_id, start_ms)`,
    `CREATE INDEX ${t('reservations_by_room')} ON ${t(RESERVATIONS)} (room_id, start_ms)`,
    `CREATE TABLE ${t(RESERVATION_BOOKINGS)} (
       appointment_id TEXT PRIMARY KEY,
       series_id      TEXT NOT NULL,
       state          TEXT NOT NULL,
       clinic_date    TEXT NOT NULL,
       start          TEXT NOT NULL,
       start_ms       INTEGER NOT NULL,
       physician_id   TEXT NOT NULL,
       room_id        TEXT NOT NULL
     ) WITHOUT ROWID`,
  ],
  writer: (target) => new AvailabilityWriter(target),
};

class AvailabilityWriter implements ProjectionWriter {
  private readonly writes = new DeferredWrites();
  private readonly reserve;
  private readonly release;
  private readonly book;
  private readonly move;
  private readonly end;

  constructor({ db, t }: ProjectionTarget) {
    this.reserve = db.prepare(
      `INSERT INTO ${t(RESERVATIONS)} (appointment_id, clinic_date, series_id, physician_id, room_id,
         start, end, start_ms, end_ms, reserved_at, reserved_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (appointment_id, clinic_date) DO UPDATE SET series_id = excluded.series_id,
         physician_id = excluded.physician_id, room_id = excluded.room_id, start = excluded.start,
         end = excluded.end, start_ms = excluded.start_ms, end_ms = excluded.end_ms,
         reserved_at = excluded.reserved_at, reserved_at_ms = excluded.reserved_at_ms`,
    );
    this.release = db.prepare(
      `DELETE FROM ${t(RESERVATIONS)} WHERE appointment_id = ? AND clinic_date = ?`,
    );
    this.book = db.prepare(
      `INSERT OR IGNORE INTO ${t(RESERVATION_BOOKINGS)} (appointment_id, series_id, state,
         clinic_date, start, start_ms, physician_id, room_id) VALUES (?, ?, 'confirmed', ?, ?, ?, ?, ?)`,
    );
    this.move = db.prepare(
      `UPDATE ${t(RESERVATION_BOOKINGS)} SET clinic_date = ?, start = ?, start_ms = ?,
         physician_id = ?, room_id = ?
       WHERE appointment_id = ? AND series_id = ? AND state = 'confirmed'`,
    );
    this.end = db.prepare(
      `UPDATE ${t(RESERVATION_BOOKINGS)} SET state = ?
       WHERE appointment_id = ? AND series_id = ? AND state = 'confirmed'`,
    );
  }

  apply(event: StoredEvent): void {
    switch (event.type) {
      case 'SlotReserved': {
        const d = (event as unknown as SlotReserved).data;
        this.writes.run(
          this.reserve,
          d.appointmentId,
          d.clinicDate,
          d.seriesId,
          d.physicianId,
          d.roomId,
          d.start,
          d.end,
          toMillis(d.start, 'start'),
          toMillis(d.end, 'end'),
          d.reservedAt,
          toMillis(d.reservedAt, 'reservedAt'),
        );
        return;
      }
      case 'SlotReleased': {
        const d = (event as unknown as SlotReleased).data;
        this.writes.run(this.release, d.appointmentId, d.clinicDate);
        return;
      }
    }
    const seriesId = streamIdOf(event, 'TreatmentSeries');
    if (seriesId === null) return;
    const e = event as unknown as TreatmentSeriesEvent;
    switch (e.type) {
      case 'BlockBooked':
        this.writes.run(
          this.book,
          e.data.appointmentId,
          seriesId,
          e.data.clinicDate,
          e.data.start,
          toMillis(e.data.start, 'start'),
          e.data.physicianId,
          e.data.roomId,
        );
        return;
      case 'BlockRescheduled':
        this.writes.run(
          this.move,
          e.data.clinicDate,
          e.data.start,
          toMillis(e.data.start, 'start'),
          e.data.physicianId,
          e.data.roomId,
          e.data.appointmentId,
          seriesId,
        );
        return;
      case 'BlockCancelled':
        this.writes.run(this.end, 'cancelled', e.data.appointmentId, seriesId);
        return;
      case 'NoShowRecorded':
        this.writes.run(this.end, 'no-show', e.data.appointmentId, seriesId);
        return;
    }
  }

  flush(): void {
    this.writes.flush();
  }

  discard(): void {
    this.writes.discard();
  }
}
