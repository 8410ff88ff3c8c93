import { Injectable, Logger } from '@nestjs/common';
import {
  bookingWorkflow,
  clinicDayDecider,
  isDomainError,
  streams,
  treatmentSeriesDecider,
  type BookingObservation,
  type BookingOutcome,
  type BookingRequest,
  type BookingStep,
  type BookingStepName,
} from '@app/domain';
import type { CommandContext } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';

/** The command id of each step (derived from the request, so a retry writes every step once). */
export type StepIds = (step: BookingStepName) => string;

export interface BookingResult {
  outcome: BookingOutcome;
  /** The log position of the last event this request wrote or found written (read-your-writes). */
  position: bigint;
}

/** The runner needs the state and position a write leaves, not the written events. */
const NO_READ_BACK = { returnEvents: false };

/** Far more steps than any booking takes: a workflow that loops is a bug, not a long booking. */
const MAX_STEPS = 32;

/**
 * Runs the booking workflow (libs/domain/src/booking): asks it for the next step, executes that step
 * on one stream through the CommandRunner, tells it what happened, until it is done or refuses.
 * A store failure (not a refusal) stops the run as it is: the reconciler settles what it left.
 */
@Injectable()
export class BookingRunner {
  private readonly logger = new Logger('Booking');

  constructor(private readonly commands: CommandRunner) {}

  async run(
    request: BookingRequest,
    context: CommandContext,
    ids: StepIds,
  ): Promise<BookingResult> {
    let state = bookingWorkflow.start(request);
    let position = -1n;
    for (let taken = 0; taken < MAX_STEPS; taken++) {
      const step = bookingWorkflow.decide(state);
      if (step.type === 'done') return { outcome: step.outcome, position };
      if (step.type === 'refuse') throw step.error;
      const seen = await this.execute(step, context, ids);
      if (REPAIRS.has(stepName(step)))
        this.logger.warn(
          `${stepName(step)} (${seen.observation.type}): appointment ${appointmentOf(request)}`,
        );
      if (seen.position !== undefined && seen.position > position) position = seen.position;
      state = bookingWorkflow.evolve(state, seen.observation);
    }
    throw new Error(`booking workflow took more than ${MAX_STEPS} steps`);
  }

  private async execute(
    step: Exclude<BookingStep, { type: 'done' | 'refuse' }>,
    context: CommandContext,
    ids: StepIds,
  ): Promise<{ observation: BookingObservation; position?: bigint }> {
    switch (step.type) {
      case 'read-series': {
        const stream = streams.treatmentSeries(step.seriesId);
        if (!step.asStep) {
          const state = await this.commands.load(stream, treatmentSeriesDecider);
          return { observation: { type: 'series-read', state } };
        }
        const seen = await this.commands.snapshot(stream, treatmentSeriesDecider, ids(step.asStep));
        return {
          observation: {
            type: 'series-read',
            state: seen.state,
            alreadyRan: !!seen.alreadyHandled,
          },
          position: seen.alreadyHandled?.position,
        };
      }
      case 'read-day': {
        const state = await this.commands.load(
          streams.clinicDay(step.clinicDate),
          clinicDayDecider,
        );
        return { observation: { type: 'day-read', state } };
      }
      case 'write-series':
      case 'write-day':
        return this.write(step, context, ids);
    }
  }

  private async write(
    step: Extract<BookingStep, { type: 'write-series' | 'write-day' }>,
    context: CommandContext,
    ids: StepIds,
  ): Promise<{ observation: BookingObservation; position?: bigint }> {
    try {
      if (step.type === 'write-series') {
        const result = await this.commands.run(
          streams.treatmentSeries(step.seriesId),
          treatmentSeriesDecider,
          step.command,
          context,
          ids(step.name),
          NO_READ_BACK,
        );
        return {
          observation: { type: 'written', replayed: !!result.replayed, series: result.state },
          position: result.position,
        };
      }
      const result = await this.commands.run(
        streams.clinicDay(step.clinicDate),
        clinicDayDecider,
        step.command,
        context,
        ids(step.name),
        NO_READ_BACK,
      );
      return {
        observation: { type: 'written', replayed: !!result.replayed },
        position: result.position,
      };
    } catch (error) {
      if (isDomainError(error)) return { observation: { type: 'refused', error } };
      if (step.type === 'write-day' && step.bestEffort) {
        this.logger.error(
          `${step.name} failed (${(error as Error).message}): the reconciler settles it`,
        );
        return { observation: { type: 'failed' } };
      }
      throw error;
    }
  }
}

function stepName(step: BookingStep): string {
  return 'name' in step ? step.name : step.type;
}

function appointmentOf(request: BookingRequest): string {
  return request.type === 'settle' ? request.reservation.appointmentId : request.appointmentId;
}

/** Compensations and slot repairs are rare and worth a line in the log (ids only, no patient data). */
const REPAIRS: ReadonlySet<string> = new Set([
  'abandon',
  'restore',
  'keep-slot/reserve-again',
  'keep-slot/cancel',
]);
