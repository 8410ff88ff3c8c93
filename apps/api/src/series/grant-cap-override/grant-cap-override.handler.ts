import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { streams, treatmentSeriesDecider, type GrantCapOverride } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';

export class GrantCapOverrideCommand extends Command<{ position: bigint }> {
  constructor(
    readonly seriesId: string,
    readonly cap: GrantCapOverride['data']['cap'],
    readonly reason: string,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(GrantCapOverrideCommand)
export class GrantCapOverrideHandler implements ICommandHandler<GrantCapOverrideCommand> {
  constructor(private readonly commands: CommandRunner) {}

  async execute({
    seriesId,
    cap,
    reason,
    context,
  }: GrantCapOverrideCommand): Promise<{ position: bigint }> {
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      { type: 'GrantCapOverride', data: { seriesId, cap, reason, now: this.commands.now() } },
      context,
    );
    return { position: result.position };
  }
}
