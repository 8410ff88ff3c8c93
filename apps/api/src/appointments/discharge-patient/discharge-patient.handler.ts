import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import type { DischargePatient } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { type AppointmentStep, AppointmentSteps } from '../appointment-step';

/** The nurse's scores and where the patient goes. */
export type DischargeAssessment = Pick<
  DischargePatient['data'],
  'aldreteScore' | 'padssScore' | 'escortPresent' | 'disposition'
>;

export class DischargePatientCommand extends Command<AppointmentStep> {
  constructor(
    readonly appointmentId: string,
    readonly assessment: DischargeAssessment,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(DischargePatientCommand)
export class DischargePatientHandler implements ICommandHandler<DischargePatientCommand> {
  constructor(
    private readonly steps: AppointmentSteps,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute({
    appointmentId,
    assessment,
    context,
  }: DischargePatientCommand): Promise<AppointmentStep> {
    return this.steps.run(appointmentId, context, ({ seriesId, now }) => ({
      type: 'DischargePatient',
      data: {
        seriesId,
        appointmentId,
        ...assessment,
        timeZone: this.clinic.calendar.timeZone,
        now,
      },
    }));
  }
}
