import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { TreatmentSeriesState } from '@app/domain';
import { type CommandContext, stepCommandId } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { AppointmentLocator } from '../appointment-locator';
import { BookingRunner } from '../booking/booking-runner';

export class CancelBlockCommand {
  constructor(
    readonly appointmentId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

/** Cancels a block through the booking workflow (cancel in the series, then free the clinic day). */
@CommandHandler(CancelBlockCommand)
export class CancelBlockHandler implements ICommandHandler<CancelBlockCommand> {
  constructor(
    private readonly booking: BookingRunner,
    private readonly commands: CommandRunner,
    private readonly locator: AppointmentLocator,
  ) {}

  async execute({
    appointmentId,
    reason,
    context,
  }: CancelBlockCommand): Promise<{ state: TreatmentSeriesState; position: bigint }> {
    const { outcome, position } = await this.booking.run(
      {
        type: 'cancel',
        seriesId: await this.locator.seriesOf(appointmentId),
        appointmentId,
        reason,
        now: this.commands.now(),
      },
      context,
      // The series step has always run under the request's own id: retries of older requests match.
      (step) => (step === 'cancel-block' ? context.commandId : stepCommandId(context, step)),
    );
    if (outcome.type !== 'cancelled') throw new Error(`cancel ended as ${outcome.type}`);
    return { state: outcome.series, position };
  }
}
