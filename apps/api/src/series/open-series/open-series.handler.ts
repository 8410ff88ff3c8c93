import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import {
  PatientNotFoundError,
  patientDecider,
  streams,
  treatmentSeriesDecider,
  type OpenSeries,
} from '@app/domain';
import { type CommandContext, derivedId } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';

/** What the physician asks for; the server adds the series' id, the clinic's policy and `now`. */
export type NewSeries = Omit<OpenSeries['data'], 'seriesId' | 'policy' | 'now'>;

export class OpenSeriesCommand extends Command<{ seriesId: string; position: bigint }> {
  constructor(
    readonly series: NewSeries,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Opens a treatment series under the clinic's current policy, recorded whole with the series. */
@CommandHandler(OpenSeriesCommand)
export class OpenSeriesHandler implements ICommandHandler<OpenSeriesCommand> {
  constructor(
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute({
    series,
    context,
  }: OpenSeriesCommand): Promise<{ seriesId: string; position: bigint }> {
    const patient = await this.commands.load(streams.patient(series.patientId), patientDecider);
    if (patient.status === 'unregistered') throw new PatientNotFoundError();
    const seriesId = derivedId(context, 'series');
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      {
        type: 'OpenSeries',
        data: { seriesId, ...series, policy: this.clinic.policy, now: this.commands.now() },
      },
      context,
    );
    return { seriesId, position: result.position };
  }
}
