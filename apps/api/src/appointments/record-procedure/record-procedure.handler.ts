import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import {
  recommendNextStep,
  streams,
  treatmentSeriesDecider,
  type Recommendation,
  type RecordBlockPerformed,
} from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { AppointmentLocator } from '../appointment-locator';
import { type AppointmentStep, appointmentStepOf } from '../appointment-step';

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
    private readonly locator: AppointmentLocator,
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute({
    appointmentId,
    block,
    context,
  }: RecordProcedureCommand): Promise<RecordedProcedure> {
    const seriesId = await this.locator.seriesOf(appointmentId);
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      {
        type: 'RecordBlockPerformed',
        data: {
          seriesId,
          appointmentId,
          ...block,
          timeZone: this.clinic.calendar.timeZone,
          now: this.commands.now(),
        },
      },
      context,
    );
    return {
      ...appointmentStepOf(result, appointmentId),
      recommendation: recommendNextStep(result.state),
    };
  }
}
