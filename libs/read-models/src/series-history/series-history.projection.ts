import type { BlockBooked, SlotReserved } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { DEFAULT_CACHE_ROWS, RowCache } from '../database/row-cache';
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
  private readonly streams: RowCache<number>;
  private readonly appointments: RowCache<string>;

  constructor({ db, t, cacheRows = DEFAULT_CACHE_ROWS }: ProjectionTarget) {
    const selectStream = db.prepare<[string, string], { from_revision: number }>(
      `SELECT from_revision FROM ${t(SERIES_HISTORY_STREAMS)} WHERE series_id = ? AND stream = ?`,
    );
    const saveStream = db.prepare(
      `INSERT OR IGNORE INTO ${t(SERIES_HISTORY_STREAMS)} (series_id, stream, from_revision)
       VALUES (?, ?, ?)`,
    );
    this.streams = new RowCache(
      (key) => selectStream.get(...splitKey(key))?.from_revision,
      (key, fromRevision) => saveStream.run(...splitKey(key), fromRevision),
      cacheRows,
    );
    const selectAppointment = db.prepare<[string], { series_id: string }>(
      `SELECT series_id FROM ${t(SERIES_HISTORY_APPOINTMENTS)} WHERE appointment_id = ?`,
    );
    const saveAppointment = db.prepare(
      `INSERT OR IGNORE INTO ${t(SERIES_HISTORY_APPOINTMENTS)} (appointment_id, series_id) VALUES (?, ?)`,
    );
    this.appointments = new RowCache(
      (appointmentId) => selectAppointment.get(appointmentId)?.series_id,
      (appointmentId, seriesId) => saveAppointment.run(appointmentId, seriesId),
      cacheRows,
    );
  }

  apply(event: StoredEvent): void {
    if (event.type === 'SlotReserved') {
      if (streamIdOf(event, 'ClinicDay') === null) return;
      const { appointmentId, seriesId } = (event as unknown as SlotReserved).data;
      this.appointment(appointmentId, seriesId);
      this.stream(seriesId, event.stream, Number(event.revision));
      return;
    }
    const seriesId = streamIdOf(event, 'TreatmentSeries');
    if (seriesId === null) return;
    const { appointmentId } = (event as unknown as BlockBooked).data;
    this.appointment(appointmentId, seriesId);
    this.stream(seriesId, `AppointmentReminders-${appointmentId}`, 0);
  }

  private appointment(appointmentId: string, seriesId: string): void {
    if (this.appointments.get(appointmentId) === undefined) {
      this.appointments.set(appointmentId, seriesId);
    }
  }

  /** The first revision that concerns the series is kept: the stream is read from there. */
  private stream(seriesId: string, stream: string, fromRevision: number): void {
    const key = `${seriesId}\u0000${stream}`;
    if (this.streams.get(key) === undefined) this.streams.set(key, fromRevision);
  }

  flush(): void {
    this.streams.flush();
    this.appointments.flush();
  }

  discard(): void {
    this.streams.discard();
    this.appointments.discard();
  }
}

function splitKey(key: string): [string, string] {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
}
