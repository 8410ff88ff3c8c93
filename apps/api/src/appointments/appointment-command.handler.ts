import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TreatmentSeriesCommand, TreatmentSeriesState } from '@app/domain';
import type { HandleCommandResult } from '@app/event-store';
import type { CommandContext } from '../commands/command-context';
import {
  ExecuteSeriesCommand,
  ExecuteSeriesCommandHandler,
} from '../series/series-command.handler';
import { AppointmentLocator } from './appointment-locator';

/** One step of a block's life (check-in, procedure, discharge, follow-up, no-show) on its series' stream. */
export class ExecuteAppointmentCommand {
  constructor(
    readonly appointmentId: string,
    readonly build: (seriesId: string, now: string) => TreatmentSeriesCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteAppointmentCommand)
export class ExecuteAppointmentCommandHandler implements ICommandHandler<ExecuteAppointmentCommand> {
  constructor(
    private readonly locator: AppointmentLocator,
    private readonly series: ExecuteSeriesCommandHandler,
  ) {}

  async execute({
    appointmentId,
    build,
    context,
  }: ExecuteAppointmentCommand): Promise<
    HandleCommandResult<TreatmentSeriesState> & { seriesId: string }
  > {
    const seriesId = await this.locator.seriesOf(appointmentId);
    const result = await this.series.execute(
      new ExecuteSeriesCommand(seriesId, (now) => build(seriesId, now), context),
    );
    return { ...result, seriesId };
  }
}
