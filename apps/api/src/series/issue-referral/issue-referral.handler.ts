import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  streams,
  treatmentSeriesDecider,
  type ReferralIssued,
  type ReferralModality,
} from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';

export interface IssuedReferral {
  referral: ReferralIssued['data'];
  /** The physician who issued it (the first request's, on a retried one). */
  by: string;
  position: bigint;
}

export class IssueReferralCommand extends Command<IssuedReferral> {
  constructor(
    readonly seriesId: string,
    readonly modality: ReferralModality,
    readonly note: string | null,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(IssueReferralCommand)
export class IssueReferralHandler implements ICommandHandler<IssueReferralCommand> {
  constructor(private readonly commands: CommandRunner) {}

  async execute({
    seriesId,
    modality,
    note,
    context,
  }: IssueReferralCommand): Promise<IssuedReferral> {
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      { type: 'IssueReferral', data: { seriesId, modality, note, now: this.commands.now() } },
      context,
    );
    const issued = result.events.find((event) => event.type === 'ReferralIssued');
    if (!issued) throw new Error(`IssueReferral on series ${seriesId} recorded no referral`);
    return {
      referral: issued.data as ReferralIssued['data'],
      by: issued.metadata.actor?.id ?? context.actor.id,
      position: result.position,
    };
  }
}
