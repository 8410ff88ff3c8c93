import {
  TREATMENT_SERIES_EVENT_TYPES,
  anticoagulantHold,
  toMillis,
  type Anticoagulant,
  type AppointmentStatus,
  type ClinicalPolicy,
  type PatientRegistered,
  type TreatmentSeriesEvent,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { DeferredWrites } from '../database/deferred-writes';
import { DEFAULT_CACHE_ROWS, RowCache } from '../database/row-cache';
import {
  streamIdOf,
  type ProjectionDefinition,
  type ProjectionTarget,
  type ProjectionWriter,
} from '../projection/projection';

/**
 * The day schedule (GET /schedule?date=…): confirmed bookings by clinic date and room. Rows come
 * from the series (BlockBooked, moved by BlockRescheduled), never from a bare SlotReserved: a
 * booking in progress or abandoned is not on the schedule. Cancelled and no-show appointments stay
 * on their day with that status (the front desk sees what happened to the slot). The facts the
 * flags need at query time are kept: sedation and check-in, when the anticoagulant hold begins
 * (the series' policy), and which follow-ups were recorded.
 */
export const DAY_SCHEDULE = 'day_schedule';
export const DAY_SCHEDULE_SERIES = 'day_schedule_series';
export const DAY_SCHEDULE_PATIENTS = 'day_schedule_patients';

export interface ScheduleEntry {
  appointmentId: string;
  seriesId: string;
  patientId: string;
  blockNumber: number;
  clinicDate: string;
  roomId: string;
  physicianId: string;
  start: string;
  end: string;
  status: AppointmentStatus;
  sedation: boolean;
  anticoagulant: Anticoagulant | null;
  /** When the patient must have taken the last dose (epoch ms), null without a hold. */
  holdStartsAtMs: number | null;
  /** daysAfter of every follow-up recorded. */
  followUpDays: number[];
}

interface SeriesFacts {
  patientId: string;
  holdHours: ClinicalPolicy['anticoagulantHoldHours'];
}

export const dayScheduleProjection: ProjectionDefinition = {
  name: 'day-schedule',
  version: 1,
  eventTypes: new Set([
    'SeriesOpened',
    'BlockBooked',
    'BlockRescheduled',
    'BlockCancelled',
    'NoShowRecorded',
    'PatientCheckedIn',
    'BlockPerformed',
    'PatientDischarged',
    'FollowUpRecorded',
    'PatientRegistered',
  ] satisfies Array<TreatmentSeriesEvent['type'] | 'PatientRegistered'>),
  ddl: (t) => [
    `CREATE TABLE ${t(DAY_SCHEDULE)} (
       appointment_id TEXT PRIMARY KEY,
       clinic_date    TEXT NOT NULL,
       room_id        TEXT NOT NULL,
       patient_id     TEXT NOT NULL,
       start_ms       INTEGER NOT NULL,
       doc            TEXT NOT NULL
     )`,
    `CREATE INDEX ${t('day_schedule_by_date')} ON ${t(DAY_SCHEDULE)} (clinic_date, start_ms)`,
    `CREATE TABLE ${t(DAY_SCHEDULE_SERIES)} (
       series_id  TEXT PRIMARY KEY,
       patient_id TEXT NOT NULL,
       hold_hours TEXT NOT NULL
     )`,
    `CREATE TABLE ${t(DAY_SCHEDULE_PATIENTS)} (
       patient_id  TEXT PRIMARY KEY,
       given_name  TEXT NOT NULL,
       family_name TEXT NOT NULL
     )`,
  ],
  writer: (target) => new DayScheduleWriter(target),
};

const SERIES_TYPES: ReadonlySet<string> = new Set(TREATMENT_SERIES_EVENT_TYPES);

class DayScheduleWriter implements ProjectionWriter {
  private readonly entries: RowCache<ScheduleEntry>;
  private readonly series: RowCache<SeriesFacts>;
  private readonly savePatient;
  private readonly writes = new DeferredWrites();
  private readonly timeZone: string;

  constructor({ db, t, clinic, cacheRows = DEFAULT_CACHE_ROWS }: ProjectionTarget) {
    const selectEntry = db.prepare<[string], { doc: string }>(
      `SELECT doc FROM ${t(DAY_SCHEDULE)} WHERE appointment_id = ?`,
    );
    const upsertEntry = db.prepare(
      `INSERT INTO ${t(DAY_SCHEDULE)} (appointment_id, clinic_date, room_id, patient_id, start_ms, doc)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (appointment_id) DO UPDATE SET clinic_date = excluded.clinic_date,
         room_id = excluded.room_id, patient_id = excluded.patient_id,
         start_ms = excluded.start_ms, doc = excluded.doc`,
    );
    this.entries = new RowCache(
      (id) => {
        const row = selectEntry.get(id);
        return row ? (JSON.parse(row.doc) as ScheduleEntry) : undefined;
      },
      (id, entry) =>
        upsertEntry.run(
          id,
          entry.clinicDate,
          entry.roomId,
          entry.patientId,
          toMillis(entry.start, 'start'),
          JSON.stringify(entry),
        ),
      cacheRows,
    );
    const selectSeries = db.prepare<[string], { patient_id: string; hold_hours: string }>(
      `SELECT patient_id, hold_hours FROM ${t(DAY_SCHEDULE_SERIES)} WHERE series_id = ?`,
    );
    const upsertSeries = db.prepare(
      `INSERT INTO ${t(DAY_SCHEDULE_SERIES)} (series_id, patient_id, hold_hours) VALUES (?, ?, ?)
       ON CONFLICT (series_id) DO UPDATE SET patient_id = excluded.patient_id,
         hold_hours = excluded.hold_hours`,
    );
    this.series = new RowCache(
      (id) => {
        const row = selectSeries.get(id);
        return row
          ? {
              patientId: row.patient_id,
              holdHours: JSON.parse(row.hold_hours) as SeriesFacts['holdHours'],
            }
          : undefined;
      },
      (id, facts) => upsertSeries.run(id, facts.patientId, JSON.stringify(facts.holdHours)),
      cacheRows,
    );
    this.savePatient = db.prepare(
      `INSERT INTO ${t(DAY_SCHEDULE_PATIENTS)} (patient_id, given_name, family_name) VALUES (?, ?, ?)
       ON CONFLICT (patient_id) DO UPDATE SET given_name = excluded.given_name,
         family_name = excluded.family_name`,
    );
    this.timeZone = clinic.calendar.timeZone;
  }

  apply(event: StoredEvent): void {
    if (event.type === 'PatientRegistered') {
      const { patientId, givenName, familyName } = (event as unknown as PatientRegistered).data;
      this.writes.run(this.savePatient, patientId, givenName, familyName);
      return;
    }
    if (!SERIES_TYPES.has(event.type)) return;
    const seriesId = streamIdOf(event, 'TreatmentSeries');
    if (seriesId === null) return;
    const e = event as unknown as TreatmentSeriesEvent;
    if (e.type === 'SeriesOpened') {
      this.series.set(seriesId, {
        patientId: e.data.patientId,
        holdHours: e.data.policy.anticoagulantHoldHours,
      });
      return;
    }
    if (!('appointmentId' in e.data)) return;
    const series = this.series.get(seriesId);
    if (!series) return; // never opened
    if (e.type === 'BlockBooked') {
      const d = e.data;
      this.entries.set(d.appointmentId, {
        appointmentId: d.appointmentId,
        seriesId,
        patientId: series.patientId,
        blockNumber: d.blockNumber,
        clinicDate: d.clinicDate,
        roomId: d.roomId,
        physicianId: d.physicianId,
        start: d.start,
        end: d.end,
        status: 'booked',
        sedation: d.sedation,
        anticoagulant: d.anticoagulant,
        holdStartsAtMs: this.holdStartsAt(d.anticoagulant, d.start, series),
        followUpDays: [],
      });
      return;
    }
    const entry = this.entries.get(e.data.appointmentId);
    if (!entry || entry.seriesId !== seriesId) return;
    const next = this.evolve(entry, e, series);
    if (next !== entry) this.entries.set(entry.appointmentId, next);
  }

  private evolve(
    entry: ScheduleEntry,
    e: TreatmentSeriesEvent,
    series: SeriesFacts,
  ): ScheduleEntry {
    const active = entry.status === 'booked' || entry.status === 'checked-in';
    const done = entry.status === 'performed' || entry.status === 'discharged';
    switch (e.type) {
      case 'BlockRescheduled': {
        if (entry.status !== 'booked') return entry;
        const { physicianId, roomId, start, end, clinicDate } = e.data;
        return {
          ...entry,
          physicianId,
          roomId,
          start,
          end,
          clinicDate,
          holdStartsAtMs: this.holdStartsAt(entry.anticoagulant, start, series),
        };
      }
      case 'BlockCancelled':
        return active ? { ...entry, status: 'cancelled' } : entry;
      case 'NoShowRecorded':
        return entry.status === 'booked' ? { ...entry, status: 'no-show' } : entry;
      case 'PatientCheckedIn':
        return entry.status === 'booked' ? { ...entry, status: 'checked-in' } : entry;
      case 'BlockPerformed':
        return entry.status === 'checked-in' ? { ...entry, status: 'performed' } : entry;
      case 'PatientDischarged':
        return entry.status === 'performed' ? { ...entry, status: 'discharged' } : entry;
      case 'FollowUpRecorded':
        return done ? { ...entry, followUpDays: [...entry.followUpDays, e.data.daysAfter] } : entry;
      default:
        return entry;
    }
  }

  private holdStartsAt(
    drug: Anticoagulant | null,
    start: string,
    series: SeriesFacts,
  ): number | null {
    if (drug === null) return null;
    const hold = anticoagulantHold(
      drug,
      start,
      { anticoagulantHoldHours: series.holdHours },
      this.timeZone,
    );
    return hold.kind === 'hold' ? toMillis(hold.lastDoseBy, 'lastDoseBy') : null;
  }

  flush(): void {
    this.writes.flush();
    this.series.flush();
    this.entries.flush();
  }

  discard(): void {
    this.writes.discard();
    this.series.discard();
    this.entries.discard();
  }
}
