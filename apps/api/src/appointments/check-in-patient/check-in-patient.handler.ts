import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import { streams, treatmentSeriesDecider, type CheckInPatient } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { AppointmentLocator } from '../appointment-locator';
import { type AppointmentStep, appointmentStepOf } from '../appointment-step';

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
    private readonly locator: AppointmentLocator,
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute({
    appointmentId,
    answers,
    context,
  }: CheckInPatientCommand): Promise<AppointmentStep> {
    const seriesId = await this.locator.seriesOf(appointmentId);
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      {
        type: 'CheckInPatient',
        data: {
          seriesId,
          appointmentId,
          ...answers,
          timeZone: this.clinic.calendar.timeZone,
          now: this.commands.now(),
        },
      },
      context,
    );
    return appointmentStepOf(result, appointmentId);
  }
}
