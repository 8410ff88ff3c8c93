import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { patientDecider, streams } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { patientIdFromMrn } from '../patient-id';
import type { RegisterPatientRequestDto } from './register-patient.request.dto';

export class RegisterPatientCommand {
  constructor(
    readonly request: RegisterPatientRequestDto,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RegisterPatientCommand)
export class RegisterPatientHandler implements ICommandHandler<RegisterPatientCommand> {
  constructor(private readonly commands: CommandRunner) {}

  async execute({
    request,
    context,
  }: RegisterPatientCommand): Promise<{ id: string; position: bigint }> {
    const patientId = patientIdFromMrn(request.mrn);
    const result = await this.commands.run(
      streams.patient(patientId),
      patientDecider,
      {
        type: 'RegisterPatient',
        data: {
          patientId,
          mrn: request.mrn.trim(),
          givenName: request.givenName.trim(),
          familyName: request.familyName.trim(),
          birthDate: request.birthDate,
          phone: request.phone ?? null,
          email: request.email ?? null,
          timeZone: request.timeZone ?? null,
          now: this.commands.now(),
        },
      },
      context,
    );
    return { id: patientId, position: result.position };
  }
}
