import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streams, treatmentSeriesDecider, type TreatmentSeriesState } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';

export interface ClosedSeries {
  status: TreatmentSeriesState['status'];
  position: bigint;
}

export class CloseSeriesCommand extends Command<ClosedSeries> {
  constructor(
    readonly seriesId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CloseSeriesCommand)
export class CloseSeriesHandler implements ICommandHandler<CloseSeriesCommand> {
  constructor(private readonly commands: CommandRunner) {}

  async execute({ seriesId, reason, context }: CloseSeriesCommand): Promise<ClosedSeries> {
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      { type: 'CloseSeries', data: { seriesId, reason, now: this.commands.now() } },
      context,
    );
    return { status: result.state.status, position: result.position };
  }
}
