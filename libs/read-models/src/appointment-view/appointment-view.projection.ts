import {
  TREATMENT_SERIES_EVENT_TYPES,
  type Anticoagulant,
  type AppointmentStatus,
  type BlockOutcome,
  type CheckIn,
  type Discharge,
  type FollowUp,
  type Procedure,
  type TreatmentSeriesEvent,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { DEFAULT_CACHE_ROWS, RowCache } from '../database/row-cache';
import {
  streamIdOf,
  type ProjectionDefinition,
  type ProjectionTarget,
  type ProjectionWriter,
} from '../projection/projection';

/**
 * The appointment view (GET /appointments/:id) and the appointment → series lookup the command
 * side routes appointment commands with: what happened to each confirmed booking, from the
 * series' events. (Its reminders are not stored: they are planned at query time — planning depends
 * on `now` — from the streams the reminder worker reads, see get-appointment.handler.ts.)
 */
export const APPOINTMENT_VIEW = 'appointment_view';
export const APPOINTMENT_SERIES_PATIENTS = 'appointment_series_patients';

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
  doc: string;
}

export const appointmentViewProjection: ProjectionDefinition = {
  name: 'appointment-view',
  version: 2,
  eventTypes: new Set(TREATMENT_SERIES_EVENT_TYPES),
  ddl: (t) => [
    `CREATE TABLE ${t(APPOINTMENT_VIEW)} (
       appointment_id TEXT PRIMARY KEY,
       series_id      TEXT NOT NULL,
       patient_id     TEXT NOT NULL,
       status         TEXT NOT NULL,
       clinic_date    TEXT NOT NULL,
       doc            TEXT NOT NULL
     )`,
    `CREATE INDEX ${t('appointment_view_by_series')} ON ${t(APPOINTMENT_VIEW)} (series_id)`,
    `CREATE TABLE ${t(APPOINTMENT_SERIES_PATIENTS)} (
       series_id  TEXT PRIMARY KEY,
       patient_id TEXT NOT NULL
     ) WITHOUT ROWID`,
  ],
  writer: (target) => new AppointmentViewWriter(target),
};

class AppointmentViewWriter implements ProjectionWriter {
  private readonly appointments: RowCache<AppointmentFacts>;
  /** seriesId → patientId, for appointments booked in the series. */
  private readonly seriesPatients: RowCache<string>;

  constructor({ db, t, cacheRows = DEFAULT_CACHE_ROWS }: ProjectionTarget) {
    const selectAppointment = db.prepare<[string], { doc: string }>(
      `SELECT doc FROM ${t(APPOINTMENT_VIEW)} WHERE appointment_id = ?`,
    );
    const upsertAppointment = db.prepare(
      `INSERT INTO ${t(APPOINTMENT_VIEW)} (appointment_id, series_id, patient_id, status, clinic_date, doc)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (appointment_id) DO UPDATE SET series_id = excluded.series_id,
         patient_id = excluded.patient_id, status = excluded.status,
         clinic_date = excluded.clinic_date, doc = excluded.doc`,
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
          JSON.stringify(facts),
        ),
      cacheRows,
    );
    const selectSeriesPatient = db.prepare<[string], { patient_id: string }>(
      `SELECT patient_id FROM ${t(APPOINTMENT_SERIES_PATIENTS)} WHERE series_id = ?`,
    );
    const saveSeriesPatient = db.prepare(
      `INSERT OR REPLACE INTO ${t(APPOINTMENT_SERIES_PATIENTS)} (series_id, patient_id) VALUES (?, ?)`,
    );
    this.seriesPatients = new RowCache(
      (seriesId) => selectSeriesPatient.get(seriesId)?.patient_id,
      (seriesId, patientId) => saveSeriesPatient.run(seriesId, patientId),
      cacheRows,
    );
  }

  apply(event: StoredEvent): void {
    const seriesId = streamIdOf(event, 'TreatmentSeries');
    if (seriesId === null) return;
    const e = event as unknown as TreatmentSeriesEvent;
    if (e.type === 'SeriesOpened') {
      this.seriesPatients.set(seriesId, e.data.patientId);
      return;
    }
    if (this.seriesPatients.get(seriesId) === undefined) return; // never opened
    if (e.type === 'BlockBooked') {
      // A new appointment (the series decider never books an appointment id twice).
      const d = e.data;
      this.appointments.set(d.appointmentId, {
        appointmentId: d.appointmentId,
        seriesId,
        patientId: this.seriesPatients.get(seriesId)!,
        blockNumber: d.blockNumber,
        physicianId: d.physicianId,
        roomId: d.roomId,
        start: d.start,
        end: d.end,
        clinicDate: d.clinicDate,
        status: 'booked',
        sedation: d.sedation,
        anticoagulant: d.anticoagulant,
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
    if (!('appointmentId' in e.data)) return;
    const facts = this.appointments.get(e.data.appointmentId);
    if (!facts || facts.seriesId !== seriesId) return;
    const next = evolveFacts(facts, e);
    if (next !== facts) this.appointments.set(facts.appointmentId, next);
  }

  flush(): void {
    this.appointments.flush();
    this.seriesPatients.flush();
  }

  discard(): void {
    this.appointments.discard();
    this.seriesPatients.discard();
  }
}

/** One step of an appointment, with the domain's lifecycle guards (valid logs never trip them). */
function evolveFacts(facts: AppointmentFacts, event: TreatmentSeriesEvent): AppointmentFacts {
  const active = facts.status === 'booked' || facts.status === 'checked-in';
  const done = facts.status === 'performed' || facts.status === 'discharged';
  switch (event.type) {
    case 'BlockRescheduled': {
      if (facts.status !== 'booked') return facts;
      const { physicianId, roomId, start, end, clinicDate, previousStart, rescheduledAt } =
        event.data;
      return {
        ...facts,
        physicianId,
        roomId,
        start,
        end,
        clinicDate,
        reschedules: [...facts.reschedules, { previousStart, start, at: rescheduledAt }],
      };
    }
    case 'BlockCancelled':
      if (!active) return facts;
      return {
        ...facts,
        status: 'cancelled',
        cancellation: { reason: event.data.reason, at: event.data.cancelledAt },
      };
    case 'NoShowRecorded':
      if (facts.status !== 'booked') return facts;
      return { ...facts, status: 'no-show', noShowRecordedAt: event.data.recordedAt };
    case 'PatientCheckedIn': {
      if (facts.status !== 'booked') return facts;
      const { escortPresent, fastingConfirmed, anticoagulantHeld, checkedInAt } = event.data;
      return {
        ...facts,
        status: 'checked-in',
        checkIn: { escortPresent, fastingConfirmed, anticoagulantHeld, checkedInAt },
      };
    }
    case 'BlockPerformed': {
      if (facts.status !== 'checked-in') return facts;
      const { seriesId: _s, appointmentId: _a, ...procedure } = event.data;
      return { ...facts, status: 'performed', procedure };
    }
    case 'BlockOutcomeRecorded': {
      if (!done) return facts;
      const { seriesId: _s, appointmentId: _a, ...outcome } = event.data;
      return { ...facts, outcome };
    }
    case 'PatientDischarged': {
      if (facts.status !== 'performed') return facts;
      const { seriesId: _s, appointmentId: _a, ...discharge } = event.data;
      return { ...facts, status: 'discharged', discharge };
    }
    case 'FollowUpRecorded': {
      if (!done) return facts;
      const { seriesId: _s, appointmentId: _a, ...followUp } = event.data;
      return { ...facts, followUps: [...facts.followUps, followUp] };
    }
    default:
      return facts;
  }
}
