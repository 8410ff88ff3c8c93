import { Query } from '@nestjs/cqrs';
import type { AppointmentStatus } from '@app/domain';
import type { ScheduleFlag } from './schedule-flags';

export interface ScheduledAppointment {
  appointmentId: string;
  seriesId: string;
  patientId: string;
  /** "Given Family", or null when the registration is not in the view. */
  patientName: string | null;
  physicianId: string;
  physicianName: string;
  blockNumber: number;
  start: string;
  end: string;
  status: AppointmentStatus;
  sedation: boolean;
  flags: ScheduleFlag[];
}

export interface DaySchedule {
  date: string;
  /** Every configured room (calendar order), then any other room with an appointment that day. */
  rooms: Array<{ roomId: string; roomName: string; appointments: ScheduledAppointment[] }>;
}

/**
 * The day's confirmed appointments by room, in start order, with their open flags at `now` (an ISO
 * instant: the server's clock, settable in development). `date`: YYYY-MM-DD, clinic time.
 */
export class GetDayScheduleQuery extends Query<DaySchedule> {
  constructor(
    readonly date: string,
    readonly now: string,
  ) {
    super();
  }
}
