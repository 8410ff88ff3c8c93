import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import type { Slot } from '@app/domain';
import { type CommandContext, stepCommandId } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { AppointmentLocator } from '../appointment-locator';
import { BookingRunner } from '../booking/booking-runner';

export class RescheduleBlockCommand {
  constructor(
    readonly appointmentId: string,
    readonly start: string,
    /** Unset: the block keeps its physician (or room). */
    readonly physicianId: string | undefined,
    readonly roomId: string | undefined,
    readonly context: CommandContext,
  ) {}
}

/** Moves a block through the booking workflow (reserve the new slot, move, free the old day). */
@CommandHandler(RescheduleBlockCommand)
export class RescheduleBlockHandler implements ICommandHandler<RescheduleBlockCommand> {
  constructor(
    private readonly booking: BookingRunner,
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
    private readonly locator: AppointmentLocator,
  ) {}

  async execute(command: RescheduleBlockCommand): Promise<{ slot: Slot; position: bigint }> {
    const { appointmentId, context } = command;
    const { outcome, position } = await this.booking.run(
      {
        type: 'reschedule',
        seriesId: await this.locator.seriesOf(appointmentId),
        appointmentId,
        start: command.start,
        ...(command.physicianId !== undefined ? { physicianId: command.physicianId } : {}),
        ...(command.roomId !== undefined ? { roomId: command.roomId } : {}),
        calendar: this.clinic.calendar,
        now: this.commands.now(),
      },
      context,
      (step) => stepCommandId(context, step),
    );
    if (outcome.type !== 'moved') throw new Error(`move ended as ${outcome.type}`);
    return { slot: outcome.slot, position };
  }
}
