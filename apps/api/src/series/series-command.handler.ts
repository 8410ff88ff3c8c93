import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type TreatmentSeriesCommand,
  type TreatmentSeriesState,
  streams,
  treatmentSeriesDecider,
} from '@app/domain';
import type { HandleCommandResult } from '@app/event-store';
import type { CommandContext } from '../commands/command-context';
import { CommandRunner } from '../commands/command-runner';

/** One command on one treatment series' stream (referral, close, cap override, the steps of a block). */
export class ExecuteSeriesCommand {
  constructor(
    readonly seriesId: string,
    /** Builds the domain command with the server's `now`. */
    readonly build: (now: string) => TreatmentSeriesCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ExecuteSeriesCommand)
export class ExecuteSeriesCommandHandler implements ICommandHandler<ExecuteSeriesCommand> {
  constructor(private readonly commands: CommandRunner) {}

  execute({
    seriesId,
    build,
    context,
  }: ExecuteSeriesCommand): Promise<HandleCommandResult<TreatmentSeriesState>> {
    return this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      build(this.commands.now()),
      context,
    );
  }
}
