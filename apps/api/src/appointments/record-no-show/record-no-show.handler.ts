import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '../../commands/command-context';
import { type AppointmentStep, AppointmentSteps } from '../appointment-step';

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
  constructor(private readonly steps: AppointmentSteps) {}

  execute({ appointmentId, context }: RecordNoShowCommand): Promise<AppointmentStep> {
    return this.steps.run(appointmentId, context, ({ seriesId, now }) => ({
      type: 'RecordNoShow',
      data: { seriesId, appointmentId, now },
    }));
  }
}
