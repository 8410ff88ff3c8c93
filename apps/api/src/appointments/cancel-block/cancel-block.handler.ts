import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Logger } from '@nestjs/common';
import {
  ReservationNotFoundError,
  blockOfSeries,
  clinicDayDecider,
  streams,
  type TreatmentSeriesState,
} from '@app/domain';
import type { HandleCommandResult } from '@app/event-store';
import { type CommandContext, stepCommandId } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import {
  ExecuteAppointmentCommand,
  ExecuteAppointmentCommandHandler,
} from '../appointment-command.handler';

export class CancelBlockCommand {
  constructor(
    readonly appointmentId: string,
    readonly reason: string,
    readonly context: CommandContext,
  ) {}
}

/** Cancels the block in its series, then frees the physician and the room (the reconciler finishes a crash in between). */
@CommandHandler(CancelBlockCommand)
export class CancelBlockHandler implements ICommandHandler<CancelBlockCommand> {
  private readonly logger = new Logger('CancelBlock');

  constructor(
    private readonly appointments: ExecuteAppointmentCommandHandler,
    private readonly commands: CommandRunner,
  ) {}

  async execute({
    appointmentId,
    reason,
    context,
  }: CancelBlockCommand): Promise<HandleCommandResult<TreatmentSeriesState>> {
    const cancelled = await this.appointments.execute(
      new ExecuteAppointmentCommand(
        appointmentId,
        (seriesId, now) => ({
          type: 'CancelBlock',
          data: { seriesId, appointmentId, reason, now },
        }),
        context,
      ),
    );
    const state = cancelled.state;
    const block = blockOfSeries(state, appointmentId);
    if (!block) return cancelled;
    try {
      const released = await this.commands.run(
        streams.clinicDay(block.clinicDate),
        clinicDayDecider,
        {
          type: 'ReleaseSlot',
          data: {
            clinicDate: block.clinicDate,
            appointmentId,
            reason: 'cancelled',
            now: this.commands.now(),
          },
        },
        context,
        stepCommandId(context, 'release'),
      );
      return {
        ...cancelled,
        position: released.position > cancelled.position ? released.position : cancelled.position,
      };
    } catch (error) {
      // The block is cancelled whatever happens here; a reservation that is not there frees nothing.
      if (error instanceof ReservationNotFoundError) {
        this.logger.warn(
          `Cancelled appointment ${appointmentId} held no reservation on ${block.clinicDate}`,
        );
        return cancelled;
      }
      throw error;
    }
  }
}
