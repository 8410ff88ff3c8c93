import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InvalidDateError, isIsoDate } from '@app/domain';
import { ReadModelDatabase } from '../database/read-model-database';
import { READ_MODELS_OPTIONS, type ReadModelsOptions } from '../read-models.options';
import {
  APPOINTMENT_PATIENTS,
  APPOINTMENT_VIEW,
  type AppointmentFacts,
} from '../appointment-view/appointment-view.projection';
import {
  GetDayScheduleQuery,
  type DaySchedule,
  type ScheduledAppointment,
} from './get-day-schedule.query';
import { scheduleFlags } from './schedule-flags';

@QueryHandler(GetDayScheduleQuery)
export class GetDayScheduleHandler implements IQueryHandler<GetDayScheduleQuery> {
  constructor(
    @Inject(ReadModelDatabase) private readonly db: ReadModelDatabase,
    @Inject(READ_MODELS_OPTIONS) private readonly options: ReadModelsOptions,
  ) {}

  async execute({ date, now }: GetDayScheduleQuery): Promise<DaySchedule> {
    if (!isIsoDate(date)) throw new InvalidDateError('date');
    const { calendar, policy } = this.options.clinic;
    const rows = this.db.read(({ t, all }) =>
      all<{ doc: string; given_name: string | null; family_name: string | null }>(
        `SELECT d.doc, p.given_name, p.family_name
         FROM ${t(APPOINTMENT_VIEW)} d
         LEFT JOIN ${t(APPOINTMENT_PATIENTS)} p ON p.patient_id = d.patient_id
         WHERE d.clinic_date = ? ORDER BY d.start_ms, d.appointment_id`,
        date,
      ),
    );
    const physicianNames = new Map(calendar.physicians.map((p) => [p.id, p.name]));
    const rooms = new Map<string, DaySchedule['rooms'][number]>(
      calendar.rooms.map((room) => [
        room.id,
        { roomId: room.id, roomName: room.name, appointments: [] },
      ]),
    );
    const unknownRooms: string[] = [];
    for (const row of rows) {
      const entry = JSON.parse(row.doc) as AppointmentFacts;
      let room = rooms.get(entry.roomId);
      if (!room) {
        room = { roomId: entry.roomId, roomName: entry.roomId, appointments: [] };
        rooms.set(entry.roomId, room);
        unknownRooms.push(entry.roomId);
      }
      const appointment: ScheduledAppointment = {
        appointmentId: entry.appointmentId,
        seriesId: entry.seriesId,
        patientId: entry.patientId,
        patientName: row.given_name === null ? null : `${row.given_name} ${row.family_name}`,
        physicianId: entry.physicianId,
        physicianName: physicianNames.get(entry.physicianId) ?? entry.physicianId,
        blockNumber: entry.blockNumber,
        start: entry.start,
        end: entry.end,
        status: entry.status,
        sedation: entry.sedation,
        // The clinic's current policy: the view does not keep each series' follow-up days.
        flags: scheduleFlags(entry, now, calendar.timeZone, policy),
      };
      room.appointments.push(appointment);
    }
    const configured = calendar.rooms.map((room) => rooms.get(room.id)!);
    const others = unknownRooms.sort().map((id) => rooms.get(id)!);
    return { date, rooms: [...configured, ...others] };
  }
}
