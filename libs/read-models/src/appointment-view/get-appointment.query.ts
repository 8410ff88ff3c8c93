import { Query } from '@nestjs/cqrs';
import type { AppointmentStatus } from '@app/domain';
import type { AppointmentReminderView } from './appointment-reminders';
import type { AppointmentFacts } from './appointment-view.projection';

/** GET /appointments/:id: the appointment, its status, what happened, and its reminders. */
export interface AppointmentView extends Omit<AppointmentFacts, 'appointmentId'> {
  id: string;
  /** Names from the clinic's calendar (the id when the resource is no longer configured). */
  physicianName: string;
  roomName: string;
  reminders: AppointmentReminderView[];
}

/** Throws AppointmentNotFoundError (404) for an unknown id. `now`: ISO instant (reminder planning). */
export class GetAppointmentQuery extends Query<AppointmentView> {
  constructor(
    readonly appointmentId: string,
    readonly now: string,
  ) {
    super();
  }
}

export interface AppointmentRef {
  appointmentId: string;
  seriesId: string;
  patientId: string;
  status: AppointmentStatus;
  clinicDate: string;
}

/**
 * The series an appointment belongs to, for routing appointment commands to their series stream.
 * Throws AppointmentNotFoundError (404) when no booking of this id was confirmed (a bare
 * reservation is not an appointment).
 */
export class FindAppointmentQuery extends Query<AppointmentRef> {
  constructor(readonly appointmentId: string) {
    super();
  }
}
