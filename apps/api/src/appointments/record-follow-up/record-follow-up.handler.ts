import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RecordFollowUp } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { type AppointmentStep, AppointmentSteps } from '../appointment-step';

/** What the patient told the nurse or the physician some days after the block. */
export type FollowUpAnswers = Pick<
  RecordFollowUp['data'],
  'daysAfter' | 'painScore' | 'reliefLastedHours'
>;

export class RecordFollowUpCommand extends Command<AppointmentStep> {
  constructor(
    readonly appointmentId: string,
    readonly answers: FollowUpAnswers,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordFollowUpCommand)
export class RecordFollowUpHandler implements ICommandHandler<RecordFollowUpCommand> {
  constructor(private readonly steps: AppointmentSteps) {}

  execute({ appointmentId, answers, context }: RecordFollowUpCommand): Promise<AppointmentStep> {
    return this.steps.run(appointmentId, context, ({ seriesId, now }) => ({
      type: 'RecordFollowUp',
      data: { seriesId, appointmentId, ...answers, now },
    }));
  }
}
