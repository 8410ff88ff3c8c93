import type { BlockBooked, SlotReserved } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { DeferredWrites } from '../database/deferred-writes';
import {
  streamIdOf,
  type ProjectionDefinition,
  type ProjectionTarget,
  type ProjectionWriter,
} from '../projection/projection';

/**
 * The index of a series' history (GET /series/:id/history): which streams hold its events besides
 * its own — the reminder stream of each of its appointments, and the clinic days where its
 * appointments were reserved (from the first revision that concerns it) — and which appointments
 * are its own (a SlotReleased names only the appointment). The events themselves are read from the
 * log at query time: the history is the audit trail, served from the one source of truth, never a
 * copy that could drift (or outlive an erasure).
 */
export const SERIES_HISTORY_STREAMS = 'series_history_streams';
export const SERIES_HISTORY_APPOINTMENTS = 'series_history_appointments';

export const seriesHistoryProjection: ProjectionDefinition = {
  name: 'series-history',
  version: 2,
  eventTypes: new Set(['BlockBooked', 'SlotReserved']),
  ddl: (t) => [
    `CREATE TABLE ${t(SERIES_HISTORY_STREAMS)} (
       series_id     TEXT NOT NULL,
       stream        TEXT NOT NULL,
       from_revision INTEGER NOT NULL,
       PRIMARY KEY (series_id, stream)
     ) WITHOUT ROWID`,
    `CREATE TABLE ${t(SERIES_HISTORY_APPOINTMENTS)} (
       appointment_id TEXT PRIMARY KEY,
       series_id      TEXT NOT NULL
     ) WITHOUT ROWID`,
    `CREATE INDEX ${t('series_history_appointments_by_series')}
       ON ${t(SERIES_HISTORY_APPOINTMENTS)} (series_id)`,
  ],
  writer: (target) => new SeriesHistoryWriter(target),
};

class SeriesHistoryWriter implements ProjectionWriter {
  // Insert-only, first one wins (INSERT OR IGNORE in log order): nothing to read back.
  private readonly writes = new DeferredWrites();
  private readonly saveStream;
  private readonly saveAppointment;

  constructor({ db, t }: ProjectionTarget) {
    this.saveStream = db.prepare(
      `INSERT OR IGNORE INTO ${t(SERIES_HISTORY_STREAMS)} (series_id, stream, from_revision)
       VALUES (?, ?, ?)`,
    );
    this.saveAppointment = db.prepare(
      `INSERT OR IGNORE INTO ${t(SERIES_HISTORY_APPOINTMENTS)} (appointment_id, series_id) VALUES (?, ?)`,
    );
  }

  apply(event: StoredEvent): void {
    if (event.type === 'SlotReserved') {
      if (streamIdOf(event, 'ClinicDay') === null) return;
      const { appointmentId, seriesId } = (event as unknown as SlotReserved).data;
      this.writes.run(this.saveAppointment, appointmentId, seriesId);
      // The first reservation of the series in that day: the stream is read from there.
      this.writes.run(this.saveStream, seriesId, event.stream, event.revision);
      return;
    }
    const seriesId = streamIdOf(event, 'TreatmentSeries');
    if (seriesId === null) return;
    const { appointmentId } = (event as unknown as BlockBooked).data;
    this.writes.run(this.saveAppointment, appointmentId, seriesId);
    this.writes.run(this.saveStream, seriesId, `AppointmentReminders-${appointmentId}`, 0);
  }

  flush(): void {
    this.writes.flush();
  }

  discard(): void {
    this.writes.discard();
  }
}
