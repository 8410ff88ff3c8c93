import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { patientDecider, streams, type ReminderChannel } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';

export class ChangeReminderPreferenceCommand extends Command<{ position: bigint }> {
  constructor(
    readonly patientId: string,
    readonly channel: ReminderChannel,
    readonly optedOut: boolean,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeReminderPreferenceCommand)
export class ChangeReminderPreferenceHandler implements ICommandHandler<ChangeReminderPreferenceCommand> {
  constructor(private readonly commands: CommandRunner) {}

  async execute({
    patientId,
    channel,
    optedOut,
    context,
  }: ChangeReminderPreferenceCommand): Promise<{ position: bigint }> {
    const result = await this.commands.run(
      streams.patient(patientId),
      patientDecider,
      {
        type: 'ChangeReminderPreference',
        data: { patientId, channel, optedOut, now: this.commands.now() },
      },
      context,
    );
    return { position: result.position };
  }
}
