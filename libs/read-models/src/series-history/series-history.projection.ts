import {
  REMINDER_EVENT_TYPES,
  TREATMENT_SERIES_EVENT_TYPES,
  type ReminderEvent,
  type SlotReleased,
  type SlotReserved,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { ChunkBuffer } from '../database/chunk-buffer';
import { RowCache } from '../database/row-cache';
import type { SeriesHistoryEntry } from './get-series-history.query';
import {
  actorOf,
  recordedAtOf,
  streamIdOf,
  type ProjectionDefinition,
  type ProjectionTarget,
  type ProjectionWriter,
} from '../projection/projection';

/**
 * The history of a series (GET /series/:id/history): every event of its stream, of its
 * appointments' reminder streams, and the reservations and releases of its appointments in the
 * clinic days (a booking abandoned before the series confirmed it shows here too), in log order,
 * with who did it and when the store recorded it.
 */
export const SERIES_HISTORY_CHUNKS = 'series_history_chunks';
export const SERIES_HISTORY_APPOINTMENTS = 'series_history_appointments';

const SERIES_TYPES: ReadonlySet<string> = new Set(TREATMENT_SERIES_EVENT_TYPES);
const REMINDER_TYPES: ReadonlySet<string> = new Set(REMINDER_EVENT_TYPES);

export const seriesHistoryProjection: ProjectionDefinition = {
  name: 'series-history',
  version: 1,
  eventTypes: new Set([
    ...TREATMENT_SERIES_EVENT_TYPES,
    ...REMINDER_EVENT_TYPES,
    'SlotReserved',
    'SlotReleased',
  ]),
  ddl: (t) => [
    // One row per series and transaction (ChunkBuffer): the entries, as the query returns them.
    `CREATE TABLE ${t(SERIES_HISTORY_CHUNKS)} (
       series_id      TEXT NOT NULL,
       first_position INTEGER NOT NULL,
       items          TEXT NOT NULL
     )`,
    `CREATE INDEX ${t('series_history_by_series')} ON ${t(SERIES_HISTORY_CHUNKS)} (series_id, first_position)`,
    `CREATE TABLE ${t(SERIES_HISTORY_APPOINTMENTS)} (
       appointment_id TEXT PRIMARY KEY,
       series_id      TEXT NOT NULL
     ) WITHOUT ROWID`,
  ],
  writer: (target) => new SeriesHistoryWriter(target),
};

class SeriesHistoryWriter implements ProjectionWriter {
  private readonly entries: ChunkBuffer<SeriesHistoryEntry>;
  private readonly appointments: RowCache<string>;

  constructor({ db, t }: ProjectionTarget) {
    const insert = db.prepare(
      `INSERT INTO ${t(SERIES_HISTORY_CHUNKS)} (series_id, first_position, items) VALUES (?, ?, ?)`,
    );
    this.entries = new ChunkBuffer((seriesId, first, items) =>
      insert.run(seriesId, first, JSON.stringify(items)),
    );
    const select = db.prepare<[string], { series_id: string }>(
      `SELECT series_id FROM ${t(SERIES_HISTORY_APPOINTMENTS)} WHERE appointment_id = ?`,
    );
    const save = db.prepare(
      `INSERT OR IGNORE INTO ${t(SERIES_HISTORY_APPOINTMENTS)} (appointment_id, series_id) VALUES (?, ?)`,
    );
    this.appointments = new RowCache(
      (appointmentId) => select.get(appointmentId)?.series_id,
      (appointmentId, seriesId) => save.run(appointmentId, seriesId),
      50_000,
    );
  }

  apply(event: StoredEvent): void {
    const seriesId = this.seriesOf(event);
    if (seriesId === null) return;
    this.entries.add(seriesId, event.position, {
      type: event.type,
      at: recordedAtOf(event),
      actor: actorOf(event),
      stream: event.stream,
      revision: Number(event.revision),
      position: event.position.toString(),
      data: event.data,
    });
  }

  private seriesOf(event: StoredEvent): string | null {
    if (SERIES_TYPES.has(event.type)) return streamIdOf(event, 'TreatmentSeries');
    if (REMINDER_TYPES.has(event.type)) {
      if (streamIdOf(event, 'AppointmentReminders') === null) return null;
      return (event as unknown as ReminderEvent).data.seriesId;
    }
    if (streamIdOf(event, 'ClinicDay') === null) return null;
    if (event.type === 'SlotReserved') {
      const { appointmentId, seriesId } = (event as unknown as SlotReserved).data;
      if (this.appointments.get(appointmentId) === undefined) {
        this.appointments.set(appointmentId, seriesId);
      }
      return seriesId;
    }
    // SlotReleased names only the appointment.
    return this.appointments.get((event as unknown as SlotReleased).data.appointmentId) ?? null;
  }

  flush(): void {
    this.entries.flush();
    this.appointments.flush();
  }

  discard(): void {
    this.entries.discard();
    this.appointments.discard();
  }
}
