import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { AppointmentNotFoundError, type AppointmentStatus } from '@app/domain';
import { ReadModelDatabase, type TableNames } from '../database/read-model-database';
import { APPOINTMENT_VIEW, type AppointmentRow } from './appointment-view.projection';
import { FindAppointmentQuery, type AppointmentRef } from './get-appointment.query';

const SELECT_APPOINTMENT = (t: TableNames) =>
  `SELECT appointment_id, series_id, patient_id, status, clinic_date
   FROM ${t(APPOINTMENT_VIEW)} WHERE appointment_id = ?`;

@QueryHandler(FindAppointmentQuery)
export class FindAppointmentHandler implements IQueryHandler<FindAppointmentQuery> {
  constructor(@Inject(ReadModelDatabase) private readonly db: ReadModelDatabase) {}

  async execute({ appointmentId }: FindAppointmentQuery): Promise<AppointmentRef> {
    const row = this.db.get<Omit<AppointmentRow, 'doc'>>(SELECT_APPOINTMENT, appointmentId);
    if (!row) throw new AppointmentNotFoundError();
    return {
      appointmentId: row.appointment_id,
      seriesId: row.series_id,
      patientId: row.patient_id,
      status: row.status as AppointmentStatus,
      clinicDate: row.clinic_date,
    };
  }
}
