import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import { streams, treatmentSeriesDecider, type DischargePatient } from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { AppointmentLocator } from '../appointment-locator';
import { type AppointmentStep, appointmentStepOf } from '../appointment-step';

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
    private readonly locator: AppointmentLocator,
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute({
    appointmentId,
    assessment,
    context,
  }: DischargePatientCommand): Promise<AppointmentStep> {
    const seriesId = await this.locator.seriesOf(appointmentId);
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      {
        type: 'DischargePatient',
        data: {
          seriesId,
          appointmentId,
          ...assessment,
          timeZone: this.clinic.calendar.timeZone,
          now: this.commands.now(),
        },
      },
      context,
    );
    return appointmentStepOf(result, appointmentId);
  }
}
