import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streams, treatmentSeriesDecider } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { AppointmentLocator } from '../appointment-locator';
import { type AppointmentStep, appointmentStepOf } from '../appointment-step';

export class RecordNoShowCommand extends Command<AppointmentStep> {
  constructor(
    readonly appointmentId: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordNoShowCommand)
export class RecordNoShowHandler implements ICommandHandler<RecordNoShowCommand> {
  constructor(
    private readonly locator: AppointmentLocator,
    private readonly commands: CommandRunner,
  ) {}

  async execute({ appointmentId, context }: RecordNoShowCommand): Promise<AppointmentStep> {
    const seriesId = await this.locator.seriesOf(appointmentId);
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      { type: 'RecordNoShow', data: { seriesId, appointmentId, now: this.commands.now() } },
      context,
    );
    return appointmentStepOf(result, appointmentId);
  }
}
