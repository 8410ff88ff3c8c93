import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import type { CheckInPatient } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { type AppointmentStep, AppointmentSteps } from '../appointment-step';

/** What the front desk or the nurse confirms at check-in. */
export type CheckInAnswers = Pick<
  CheckInPatient['data'],
  'escortPresent' | 'fastingConfirmed' | 'anticoagulantHeld'
>;

export class CheckInPatientCommand extends Command<AppointmentStep> {
  constructor(
    readonly appointmentId: string,
    readonly answers: CheckInAnswers,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(CheckInPatientCommand)
export class CheckInPatientHandler implements ICommandHandler<CheckInPatientCommand> {
  constructor(
    private readonly steps: AppointmentSteps,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute({
    appointmentId,
    answers,
    context,
  }: CheckInPatientCommand): Promise<AppointmentStep> {
    return this.steps.run(appointmentId, context, ({ seriesId, now }) => ({
      type: 'CheckInPatient',
      data: {
        seriesId,
        appointmentId,
        ...answers,
        timeZone: this.clinic.calendar.timeZone,
        now,
      },
    }));
  }
}
