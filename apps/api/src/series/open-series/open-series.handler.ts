import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import { PatientNotFoundError, patientDecider, streams, treatmentSeriesDecider } from '@app/domain';
import { type CommandContext, derivedId } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import type { OpenSeriesRequestDto } from './open-series.request.dto';

export class OpenSeriesCommand {
  constructor(
    readonly request: OpenSeriesRequestDto,
    readonly context: CommandContext,
  ) {}
}

/** Opens a treatment series under the clinic's current policy, recorded whole with the series. */
@CommandHandler(OpenSeriesCommand)
export class OpenSeriesHandler implements ICommandHandler<OpenSeriesCommand> {
  constructor(
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute({
    request,
    context,
  }: OpenSeriesCommand): Promise<{ id: string; position: bigint }> {
    const patient = await this.commands.load(streams.patient(request.patientId), patientDecider);
    if (patient.status === 'unregistered') throw new PatientNotFoundError();
    const seriesId = derivedId(context, 'series');
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      {
        type: 'OpenSeries',
        data: {
          seriesId,
          patientId: request.patientId,
          indication: request.indication,
          icd10: request.icd10 ?? null,
          side: request.side,
          intent: request.intent,
          rehabilitationProgramme: request.rehabilitationProgramme ?? false,
          policy: this.clinic.policy,
          now: this.commands.now(),
        },
      },
      context,
    );
    return { id: seriesId, position: result.position };
  }
}
