import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streams, treatmentSeriesDecider, type RecordFollowUp } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { AppointmentLocator } from '../appointment-locator';
import { type AppointmentStep, appointmentStepOf } from '../appointment-step';

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
  constructor(
    private readonly locator: AppointmentLocator,
    private readonly commands: CommandRunner,
  ) {}

  async execute({
    appointmentId,
    answers,
    context,
  }: RecordFollowUpCommand): Promise<AppointmentStep> {
    const seriesId = await this.locator.seriesOf(appointmentId);
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      {
        type: 'RecordFollowUp',
        data: { seriesId, appointmentId, ...answers, now: this.commands.now() },
      },
      context,
    );
    return appointmentStepOf(result, appointmentId);
  }
}
