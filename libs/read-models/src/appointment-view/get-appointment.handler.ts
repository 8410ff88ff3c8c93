import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppointmentNotFoundError, type ReminderOccurrence } from '@app/domain';
import type { ReminderSourceEvent } from '@app/reminders';
import { ReadModelDatabase } from '../database/read-model-database';
import { READ_MODELS_OPTIONS, type ReadModelsOptions } from '../read-models.options';
import { appointmentReminders } from './appointment-reminders';
import {
  APPOINTMENT_PATIENT_EVENT_CHUNKS,
  APPOINTMENT_REMINDERS,
  APPOINTMENT_SERIES_EVENT_CHUNKS,
  APPOINTMENT_VIEW,
  type AppointmentFacts,
} from './appointment-view.projection';
import { GetAppointmentQuery, type AppointmentView } from './get-appointment.query';

interface ChunkRow {
  items: string;
}

@QueryHandler(GetAppointmentQuery)
export class GetAppointmentHandler implements IQueryHandler<GetAppointmentQuery> {
  constructor(
    @Inject(ReadModelDatabase) private readonly db: ReadModelDatabase,
    @Inject(READ_MODELS_OPTIONS) private readonly options: ReadModelsOptions,
  ) {}

  async execute({ appointmentId, now }: GetAppointmentQuery): Promise<AppointmentView> {
    const found = this.db.read(({ t, get, all }) => {
      const row = get<{ doc: string }>(
        `SELECT doc FROM ${t(APPOINTMENT_VIEW)} WHERE appointment_id = ?`,
        appointmentId,
      );
      if (!row) return null;
      const appointment = JSON.parse(row.doc) as AppointmentFacts;
      return {
        appointment,
        seriesEvents: all<ChunkRow>(
          `SELECT items FROM ${t(APPOINTMENT_SERIES_EVENT_CHUNKS)}
           WHERE series_id = ? ORDER BY first_position`,
          appointment.seriesId,
        ),
        patientEvents: all<ChunkRow>(
          `SELECT items FROM ${t(APPOINTMENT_PATIENT_EVENT_CHUNKS)}
           WHERE patient_id = ? ORDER BY first_position`,
          appointment.patientId,
        ),
        occurrences: all<{ state: string }>(
          `SELECT state FROM ${t(APPOINTMENT_REMINDERS)} WHERE appointment_id = ? ORDER BY due_ms`,
          appointmentId,
        ),
      };
    });
    if (!found) throw new AppointmentNotFoundError();
    const { calendar } = this.options.clinic;
    const { appointment } = found;
    const { appointmentId: id, ...facts } = appointment;
    return {
      id,
      ...facts,
      physicianName:
        calendar.physicians.find((p) => p.id === appointment.physicianId)?.name ??
        appointment.physicianId,
      roomName: calendar.rooms.find((r) => r.id === appointment.roomId)?.name ?? appointment.roomId,
      reminders: appointmentReminders({
        appointment,
        seriesEvents: found.seriesEvents.flatMap(itemsOf),
        patientEvents: found.patientEvents.flatMap(itemsOf),
        occurrences: found.occurrences.map((row) => JSON.parse(row.state) as ReminderOccurrence),
        clinic: this.options.clinic,
        now,
      }),
    };
  }
}

function itemsOf(row: ChunkRow): ReminderSourceEvent[] {
  return JSON.parse(row.items) as ReminderSourceEvent[];
}
