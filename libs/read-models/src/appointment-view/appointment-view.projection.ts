import {
  TREATMENT_SERIES_EVENT_TYPES,
  anticoagulantHold,
  toMillis,
  type Anticoagulant,
  type AppointmentStatus,
  type BlockOutcome,
  type CheckIn,
  type ClinicalPolicy,
  type Discharge,
  type FollowUp,
  type PatientRegistered,
  type Procedure,
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
 * The appointments: every confirmed booking (BlockBooked, moved by BlockRescheduled) and what
 * happened to it, from the series' events — never a bare SlotReserved (a booking in progress or
 * abandoned is not an appointment). Three queries read it:
 * - GET /appointments/:id (its reminders are not stored: they are planned at query time —
 *   planning depends on `now` — from the streams the reminder worker reads);
 * - the appointment → series lookup the command side routes appointment commands with;
 * - the day schedule (GET /schedule): the appointments of a clinic date by room, with the
 *   patients' names (from PatientRegistered) and the facts the flags need at query time — the
 *   instant the anticoagulant hold begins (the series' policy), check-in, follow-ups.
 * One projection for the three: they are the same facts, kept once.
 */
export const APPOINTMENT_VIEW = 'appointment_view';
export const APPOINTMENT_SERIES = 'appointment_series';
export const APPOINTMENT_PATIENTS = 'appointment_patients';

/** What the view knows of one appointment (a block of a series). */
export interface AppointmentFacts {
  appointmentId: string;
  seriesId: string;
  patientId: string;
  blockNumber: number;
  physicianId: string;
  roomId: string;
  start: string;
  end: string;
  clinicDate: string;
  status: AppointmentStatus;
  sedation: boolean;
  anticoagulant: Anticoagulant | null;
  /** When the anticoagulant hold begins (the last dose is due), by the series' policy; null without a hold. */
  anticoagulantHoldFrom: string | null;
  bookedAt: string;
  /** Every move, oldest first. */
  reschedules: Array<{ previousStart: string; start: string; at: string }>;
  checkIn: CheckIn | null;
  procedure: Procedure | null;
  outcome: BlockOutcome | null;
  discharge: Discharge | null;
  followUps: FollowUp[];
  cancellation: { reason: string; at: string } | null;
  noShowRecordedAt: string | null;
}

export interface AppointmentRow {
  appointment_id: string;
  series_id: string;
  patient_id: string;
  status: string;
  clinic_date: string;
  start_ms: number;
  doc: string;
}

interface SeriesFacts {
  patientId: string;
  holdHours: ClinicalPolicy['anticoagulantHoldHours'];
}

export const appointmentViewProjection: ProjectionDefinition = {
  name: 'appointment-view',
  version: 3,
  eventTypes: new Set([...TREATMENT_SERIES_EVENT_TYPES, 'PatientRegistered']),
  ddl: (t) => [
    `CREATE TABLE ${t(APPOINTMENT_VIEW)} (
       appointment_id TEXT PRIMARY KEY,
       series_id      TEXT NOT NULL,
       patient_id     TEXT NOT NULL,
       status         TEXT NOT NULL,
       clinic_date    TEXT NOT NULL,
       start_ms       INTEGER NOT NULL,
       doc            TEXT NOT NULL
     )`,
    `CREATE INDEX ${t('appointment_view_by_date')} ON ${t(APPOINTMENT_VIEW)} (clinic_date, start_ms)`,
    `CREATE TABLE ${t(APPOINTMENT_SERIES)} (
       series_id  TEXT PRIMARY KEY,
       patient_id TEXT NOT NULL,
       hold_hours TEXT NOT NULL
     )`,
    `CREATE TABLE ${t(APPOINTMENT_PATIENTS)} (
       patient_id  TEXT PRIMARY KEY,
       given_name  TEXT NOT NULL,
       family_name TEXT NOT NULL
     )`,
  ],
  writer: (target) => new AppointmentViewWriter(target),
};

class AppointmentViewWriter implements ProjectionWriter {
  private readonly appointments: RowCache<AppointmentFacts>;
  private readonly series: RowCache<SeriesFacts>;
  private readonly writes = new DeferredWrites();
  private readonly savePatient;
  private readonly timeZone: string;

  constructor({ db, t, clinic, cacheRows = DEFAULT_CACHE_ROWS }: ProjectionTarget) {
    this.timeZone = clinic.calendar.timeZone;
    const selectAppointment = db.prepare<[string], { doc: string }>(
      `SELECT doc FROM ${t(APPOINTMENT_VIEW)} WHERE appointment_id = ?`,
    );
    const upsertAppointment = db.prepare(
      `INSERT INTO ${t(APPOINTMENT_VIEW)} (appointment_id, series_id, patient_id, status,
         clinic_date, start_ms, doc)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (appointment_id) DO UPDATE SET series_id = excluded.series_id,
         patient_id = excluded.patient_id, status = excluded.status,
         clinic_date = excluded.clinic_date, start_ms = excluded.start_ms, doc = excluded.doc`,
    );
    this.appointments = new RowCache(
      (id) => {
        const row = selectAppointment.get(id);
        return row ? (JSON.parse(row.doc) as AppointmentFacts) : undefined;
      },
      (id, facts) =>
        upsertAppointment.run(
          id,
          facts.seriesId,
          facts.patientId,
          facts.status,
          facts.clinicDate,
          toMillis(facts.start, 'start'),
          JSON.stringify(facts),
        ),
      cacheRows,
    );
    const selectSeries = db.prepare<[string], { patient_id: string; hold_hours: string }>(
      `SELECT patient_id, hold_hours FROM ${t(APPOINTMENT_SERIES)} WHERE series_id = ?`,
    );
    const upsertSeries = db.prepare(
      `INSERT INTO ${t(APPOINTMENT_SERIES)} (series_id, patient_id, hold_hours) VALUES (?, ?, ?)
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
      `INSERT INTO ${t(APPOINTMENT_PATIENTS)} (patient_id, given_name, family_name) VALUES (?, ?, ?)
       ON CONFLICT (patient_id) DO UPDATE SET given_name = excluded.given_name,
         family_name = excluded.family_name`,
    );
  }

  apply(event: StoredEvent): void {
    if (event.type === 'PatientRegistered') {
      const { patientId, givenName, familyName } = (event as unknown as PatientRegistered).data;
      this.writes.run(this.savePatient, patientId, givenName, familyName);
      return;
    }
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
      // A new appointment (the series decider never books an appointment id twice).
      const d = e.data;
      this.appointments.set(d.appointmentId, {
        appointmentId: d.appointmentId,
        seriesId,
        patientId: series.patientId,
        blockNumber: d.blockNumber,
        physicianId: d.physicianId,
        roomId: d.roomId,
        start: d.start,
        end: d.end,
        clinicDate: d.clinicDate,
        status: 'booked',
        sedation: d.sedation,
        anticoagulant: d.anticoagulant,
        anticoagulantHoldFrom: this.holdFrom(d.anticoagulant, d.start, series),
        bookedAt: d.bookedAt,
        reschedules: [],
        checkIn: null,
        procedure: null,
        outcome: null,
        discharge: null,
        followUps: [],
        cancellation: null,
        noShowRecordedAt: null,
      });
      return;
    }
    const facts = this.appointments.get(e.data.appointmentId);
    if (!facts || facts.seriesId !== seriesId) return;
    // In place: the cached object is this view's own (a rollback discards the cache).
    if (evolveFacts(facts, e, (start) => this.holdFrom(facts.anticoagulant, start, series))) {
      this.appointments.set(facts.appointmentId, facts);
    }
  }

  private holdFrom(drug: Anticoagulant | null, start: string, series: SeriesFacts): string | null {
    if (drug === null) return null;
    const hold = anticoagulantHold(
      drug,
      start,
      { anticoagulantHoldHours: series.holdHours },
      this.timeZone,
    );
    return hold.kind === 'hold' ? hold.lastDoseBy : null;
  }

  flush(): void {
    this.writes.flush();
    this.series.flush();
    this.appointments.flush();
  }

  discard(): void {
    this.writes.discard();
    this.series.discard();
    this.appointments.discard();
  }
}

/**
 * One step of an appointment, changing `facts` in place; false when the event changes nothing.
 * The domain's lifecycle guards apply (a valid log never trips them).
 */
function evolveFacts(
  facts: AppointmentFacts,
  event: TreatmentSeriesEvent,
  holdFrom: (start: string) => string | null,
): boolean {
  const active = facts.status === 'booked' || facts.status === 'checked-in';
  const done = facts.status === 'performed' || facts.status === 'discharged';
  switch (event.type) {
    case 'BlockRescheduled': {
      if (facts.status !== 'booked') return false;
      const { physicianId, roomId, start, end, clinicDate, previousStart, rescheduledAt } =
        event.data;
      Object.assign(facts, { physicianId, roomId, start, end, clinicDate });
      facts.anticoagulantHoldFrom = holdFrom(start);
      facts.reschedules.push({ previousStart, start, at: rescheduledAt });
      return true;
    }
    case 'BlockCancelled':
      if (!active) return false;
      facts.status = 'cancelled';
      facts.cancellation = { reason: event.data.reason, at: event.data.cancelledAt };
      return true;
    case 'NoShowRecorded':
      if (facts.status !== 'booked') return false;
      facts.status = 'no-show';
      facts.noShowRecordedAt = event.data.recordedAt;
      return true;
    case 'PatientCheckedIn': {
      if (facts.status !== 'booked') return false;
      const { escortPresent, fastingConfirmed, anticoagulantHeld, checkedInAt } = event.data;
      facts.status = 'checked-in';
      facts.checkIn = { escortPresent, fastingConfirmed, anticoagulantHeld, checkedInAt };
      return true;
    }
    case 'BlockPerformed': {
      if (facts.status !== 'checked-in') return false;
      const { seriesId: _s, appointmentId: _a, ...procedure } = event.data;
      facts.status = 'performed';
      facts.procedure = procedure;
      return true;
    }
    case 'BlockOutcomeRecorded': {
      if (!done) return false;
      const { seriesId: _s, appointmentId: _a, ...outcome } = event.data;
      facts.outcome = outcome;
      return true;
    }
    case 'PatientDischarged': {
      if (facts.status !== 'performed') return false;
      const { seriesId: _s, appointmentId: _a, ...discharge } = event.data;
      facts.status = 'discharged';
      facts.discharge = discharge;
      return true;
    }
    case 'FollowUpRecorded': {
      if (!done) return false;
      const { seriesId: _s, appointmentId: _a, ...followUp } = event.data;
      facts.followUps.push(followUp);
      return true;
    }
    default:
      return false;
  }
}
