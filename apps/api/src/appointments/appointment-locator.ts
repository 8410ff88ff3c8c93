import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { FindAppointmentQuery } from '@app/read-models';

/**
 * Appointment routes name only the appointment; its events live in its series' stream. The
 * appointment view maps one to the other (it has passed every write that answered 201, since each
 * command waits for the projections before answering). Unknown ids: AppointmentNotFoundError (404).
 */
@Injectable()
export class AppointmentLocator {
  constructor(private readonly queryBus: QueryBus) {}

  async seriesOf(appointmentId: string): Promise<string> {
    const found = await this.queryBus.execute(new FindAppointmentQuery(appointmentId));
    return found.seriesId;
  }
}
