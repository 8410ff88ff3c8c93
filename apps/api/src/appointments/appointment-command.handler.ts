import { Injectable } from '@nestjs/common';
import {
  streams,
  treatmentSeriesDecider,
  type TreatmentSeriesCommand,
  type TreatmentSeriesState,
} from '@app/domain';
import type { HandleCommandResult } from '@app/event-store';
import type { CommandContext } from '../commands/command-context';
import { CommandRunner } from '../commands/command-runner';
import { AppointmentLocator } from './appointment-locator';

// Kept for cancel-block until the booking workflow lands.
export class ExecuteAppointmentCommand {
  constructor(
    readonly appointmentId: string,
    readonly build: (seriesId: string, now: string) => TreatmentSeriesCommand,
    readonly context: CommandContext,
  ) {}
}

/** Runs a command on an appointment's series; called directly, never through the CommandBus. */
@Injectable()
export class ExecuteAppointmentCommandHandler {
  constructor(
    private readonly locator: AppointmentLocator,
    private readonly commands: CommandRunner,
  ) {}

  async execute({
    appointmentId,
    build,
    context,
  }: ExecuteAppointmentCommand): Promise<
    HandleCommandResult<TreatmentSeriesState> & { seriesId: string }
  > {
    const seriesId = await this.locator.seriesOf(appointmentId);
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      build(seriesId, this.commands.now()),
      context,
    );
    return { ...result, seriesId };
  }
}
