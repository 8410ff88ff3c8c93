import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppointmentNotFoundError } from '@app/domain';
import { EventStore } from '@app/event-store';
import { readReminderContext } from '@app/reminders';
import { ReadModelDatabase, type TableNames } from '../database/read-model-database';
import { READ_MODELS_OPTIONS, type ReadModelsOptions } from '../read-models.options';
import { appointmentReminders } from './appointment-reminders';
import { APPOINTMENT_VIEW, type AppointmentFacts } from './appointment-view.projection';
import { GetAppointmentQuery, type AppointmentView } from './get-appointment.query';

/**
 * The appointment from its view; its reminders planned at `now` by the reminders planner from
 * the series', the patient's and the appointment's reminder streams, read from the log with the
 * reminder worker's own reader (readReminderContext): the front desk sees what the worker will do.
 */
const SELECT_DOC = (t: TableNames) =>
  `SELECT doc FROM ${t(APPOINTMENT_VIEW)} WHERE appointment_id = ?`;

@QueryHandler(GetAppointmentQuery)
export class GetAppointmentHandler implements IQueryHandler<GetAppointmentQuery> {
  constructor(
    @Inject(ReadModelDatabase) private readonly db: ReadModelDatabase,
    @Inject(READ_MODELS_OPTIONS) private readonly options: ReadModelsOptions,
    @Inject(EventStore) private readonly store: EventStore,
  ) {}

  async execute({ appointmentId, now }: GetAppointmentQuery): Promise<AppointmentView> {
    const row = this.db.get<{ doc: string }>(SELECT_DOC, appointmentId);
    if (!row) throw new AppointmentNotFoundError();
    const appointment = JSON.parse(row.doc) as AppointmentFacts;
    const context = await readReminderContext(this.store, appointment.seriesId, appointmentId);
    const { calendar } = this.options.clinic;
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
        series: context.series,
        patient: context.patient,
        occurrences: Object.values(context.reminders.occurrences),
        clinic: this.options.clinic,
        now,
      }),
    };
  }
}
