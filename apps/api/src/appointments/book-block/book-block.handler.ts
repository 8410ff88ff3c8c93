import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import type { Anticoagulant, Slot } from '@app/domain';
import { type CommandContext, derivedId, stepCommandId } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { BookingRunner } from '../booking/booking-runner';

export class BookBlockCommand {
  constructor(
    readonly seriesId: string,
    readonly physicianId: string,
    readonly roomId: string,
    readonly start: string,
    readonly sedation: boolean,
    readonly anticoagulant: Anticoagulant | null,
    readonly context: CommandContext,
  ) {}
}

export interface BookedBlock {
  appointmentId: string;
  slot: Slot;
  position: bigint;
}

/** Books a block through the booking workflow (reserve in the clinic day, confirm in the series). */
@CommandHandler(BookBlockCommand)
export class BookBlockHandler implements ICommandHandler<BookBlockCommand> {
  constructor(
    private readonly booking: BookingRunner,
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
  ) {}

  async execute(command: BookBlockCommand): Promise<BookedBlock> {
    const { context } = command;
    const appointmentId = derivedId(context, 'appointment');
    const { outcome, position } = await this.booking.run(
      {
        type: 'book',
        seriesId: command.seriesId,
        appointmentId,
        physicianId: command.physicianId,
        roomId: command.roomId,
        start: command.start,
        sedation: command.sedation,
        anticoagulant: command.anticoagulant,
        calendar: this.clinic.calendar,
        clinicPolicy: this.clinic.policy,
        now: this.commands.now(),
      },
      context,
      (step) => stepCommandId(context, step),
    );
    if (outcome.type !== 'booked') throw new Error(`booking ended as ${outcome.type}`);
    return { appointmentId, slot: outcome.slot, position };
  }
}
