import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Appointment, TreatmentSeriesCommand, TreatmentSeriesState } from '@app/domain';
import type { HandleCommandResult } from '@app/event-store';
import type { CommandContext } from '../commands/command-context';
import { ReadYourWrites } from '../commands/read-your-writes';
import { ExecuteAppointmentCommand } from './appointment-command.handler';
import { blockOf } from './appointment-step.response.dto';

/** Runs one step of a block's life and waits until the views show it (read-your-writes). */
@Injectable()
export class AppointmentSteps {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async run(
    appointmentId: string,
    build: (seriesId: string, now: string) => TreatmentSeriesCommand,
    context: CommandContext,
  ): Promise<{
    block: Appointment;
    state: TreatmentSeriesState;
    result: HandleCommandResult<TreatmentSeriesState>;
  }> {
    const result: HandleCommandResult<TreatmentSeriesState> = await this.commandBus.execute(
      new ExecuteAppointmentCommand(appointmentId, build, context),
    );
    await this.readYourWrites.settle(result.position);
    return { block: blockOf(result.state, appointmentId), state: result.state, result };
  }
}
