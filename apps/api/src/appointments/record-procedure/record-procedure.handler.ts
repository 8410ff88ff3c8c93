import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import { recommendNextStep, type Recommendation, type RecordBlockPerformed } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { type AppointmentStep, AppointmentSteps } from '../appointment-step';

/** What the physician recorded of the block: levels, side, sedation, temperatures, pain. */
export type PerformedBlock = Omit<
  RecordBlockPerformed['data'],
  'seriesId' | 'appointmentId' | 'timeZone' | 'now'
>;

/** The block, judged; and what the series recommends now. */
export interface RecordedProcedure extends AppointmentStep {
  recommendation: Recommendation | null;
}

export class RecordProcedureCommand extends Command<RecordedProcedure> {
  constructor(
    readonly appointmentId: string,
    readonly block: PerformedBlock,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RecordProcedureCommand)
export class RecordProcedureHandler implements ICommandHandler<RecordProcedureCommand> {
  constructor(
    private readonly steps: AppointmentSteps,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute({
    appointmentId,
    block,
    context,
  }: RecordProcedureCommand): Promise<RecordedProcedure> {
    const done = await this.steps.run(appointmentId, context, ({ seriesId, now }) => ({
      type: 'RecordBlockPerformed',
      data: { seriesId, appointmentId, ...block, timeZone: this.clinic.calendar.timeZone, now },
    }));
    return {
      block: done.block,
      position: done.position,
      recommendation: recommendNextStep(done.series),
    };
  }
}
