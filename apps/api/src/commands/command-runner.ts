import { Injectable } from '@nestjs/common';
import { Clock, ClinicConfiguration } from '@app/config';
import { type Decider, formatInstant } from '@app/domain';
import {
  EventStore,
  handleCommand,
  type HandleCommandResult,
  loadStream,
  type StreamSnapshot,
} from '@app/event-store';
import type { CommandContext } from './command-context';

/** No command runs under this id, so a read never finds "its" events (nor reads the whole stream for them). */
const READ_ONLY_COMMAND_ID = 'read-only-load';

/**
 * Runs one command against one stream (read → evolve → decide → append with the expected revision,
 * retried on a version conflict), with the caller as actor and the request's correlation id.
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly clinic: ClinicConfiguration,
  ) {}

  /** Now, in the clinic's offset (the domain compares instants, never strings). */
  now(): string {
    return formatInstant(this.clock.now().getTime(), this.clinic.calendar.timeZone);
  }

  run<Command, State, Event extends { type: string; data: unknown }>(
    stream: string,
    decider: Decider<Command, State, Event>,
    command: Command,
    context: CommandContext,
    commandId: string = context.commandId,
    options: { returnEvents?: boolean } = {},
  ): Promise<HandleCommandResult<State>> {
    return handleCommand(this.store, stream, decider, command, {
      commandId,
      actor: context.actor,
      correlationId: context.correlationId,
      causationId: context.commandId,
      ...options,
    });
  }

  /** The stream as the command `commandId` will see it: whether it already ran, and the state. */
  snapshot<Command, State, Event extends { type: string; data: unknown }>(
    stream: string,
    decider: Decider<Command, State, Event>,
    commandId: string,
  ): Promise<StreamSnapshot<State>> {
    return loadStream(this.store, stream, decider, { commandId });
  }

  /**
   * The current state of a stream, without deciding anything. Through handleCommand's folded-state
   * cache: only the events newer than the cached revision are read (a clinic day holds hundreds).
   */
  async load<Command, State, Event extends { type: string; data: unknown }>(
    stream: string,
    decider: Decider<Command, State, Event>,
  ): Promise<State> {
    return (await loadStream(this.store, stream, decider, { commandId: READ_ONLY_COMMAND_ID }))
      .state;
  }
}
