import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { patientDecider, streams, type RegisterPatient } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { patientIdFromMrn } from '../patient-id';

/** What the front desk registers; the server derives the patient's id from the MRN and adds `now`. */
export type NewPatient = Omit<RegisterPatient['data'], 'patientId' | 'now'>;

export class RegisterPatientCommand extends Command<{ patientId: string; position: bigint }> {
  constructor(
    readonly patient: NewPatient,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(RegisterPatientCommand)
export class RegisterPatientHandler implements ICommandHandler<RegisterPatientCommand> {
  constructor(private readonly commands: CommandRunner) {}

  async execute({
    patient,
    context,
  }: RegisterPatientCommand): Promise<{ patientId: string; position: bigint }> {
    const patientId = patientIdFromMrn(patient.mrn);
    const result = await this.commands.run(
      streams.patient(patientId),
      patientDecider,
      {
        type: 'RegisterPatient',
        data: {
          patientId,
          ...patient,
          mrn: patient.mrn.trim(),
          givenName: patient.givenName.trim(),
          familyName: patient.familyName.trim(),
          now: this.commands.now(),
        },
      },
      context,
    );
    return { patientId, position: result.position };
  }
}
