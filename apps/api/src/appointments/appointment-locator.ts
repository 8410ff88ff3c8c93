import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AppointmentNotFoundError } from '@app/domain';
import { FindAppointmentSeriesQuery } from '@app/read-models';

/**
 * Appointment routes name only the appointment; its events live in its series' stream. The
 * appointment view maps one to the other (it has passed every write that answered 201, since each
 * command waits for the projections before answering).
 */
@Injectable()
export class AppointmentLocator {
  constructor(private readonly queryBus: QueryBus) {}

  async seriesOf(appointmentId: string): Promise<string> {
    const seriesId: string | null = await this.queryBus.execute(new FindAppointmentSeriesQuery(appointmentId));
    if (seriesId === null) throw new AppointmentNotFoundError();
    return seriesId;
  }
}
