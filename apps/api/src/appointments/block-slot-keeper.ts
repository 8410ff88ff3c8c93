import { Injectable, Logger } from '@nestjs/common';
import {
  blockOfSeries,
  clinicDayDecider,
  holdsReservation,
  InThePastError,
  isDomainError,
  ReservationReleasedError,
  streams,
  treatmentSeriesDecider,
  type Appointment,
} from '@app/domain';
import { ClinicConfiguration } from '@app/config';
import { type CommandContext, stepCommandId } from '../commands/command-context';
import { CommandRunner } from '../commands/command-runner';

/** Why a block was cancelled when its slot could not be held again. */
export const SLOT_LOST_REASON =
  'its reservation was released while an interrupted booking or move was being retried, and the slot was taken';

/**
 * What became of a block's slot: held (as it should be), reserved again, or lost (the block is
 * cancelled); `inactive` when the block is not one that holds a slot (none, cancelled for another
 * reason, done).
 */
export type KeptSlot = 'held' | 'reserved-again' | 'lost' | 'inactive';

/**
 * A booked block holds its slot in the clinic day. Two writers can each miss the other's write: a
 * retried booking (or move) checks that its reservation is held, then confirms in the series; the
 * reconciler checks that the series does not confirm that reservation, then releases it. Each
 * checks before the other writes, and the block ends up booked on a released slot. So each of them
 * also looks after its own write (the handler at the clinic day once it confirmed, the reconciler
 * at the series once it released): at least one sees the other's write, and calls this. It
 * reserves the slot again if it is still free; if somebody took it meanwhile, it cancels the block
 * (SLOT_LOST_REASON), so that no slot is ever shown booked twice. Step ids come from the caller, so
 * a retry, or both writers at once, change things once.
 */
@Injectable()
export class BlockSlotKeeper {
  private readonly logger = new Logger('BlockSlotKeeper');

  constructor(
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
  ) {}

  /**
   * For a retried request (same Idempotency-Key) whose step in the clinic day was replayed, once it
   * confirmed the block: ReservationReleasedError when the block lost its slot meanwhile.
   */
  async afterRetriedRequest(
    seriesId: string,
    appointmentId: string,
    context: CommandContext,
  ): Promise<void> {
    const kept = await this.keepSlot(seriesId, appointmentId, context, (step) =>
      stepCommandId(context, `keep-slot/${step}`),
    );
    if (kept === 'lost') throw new ReservationReleasedError();
  }

  async keepSlot(
    seriesId: string,
    appointmentId: string,
    context: CommandContext,
    stepId: (step: 'reserve-again' | 'cancel') => string,
  ): Promise<KeptSlot> {
    const seriesStream = streams.treatmentSeries(seriesId);
    const series = await this.commands.load(seriesStream, treatmentSeriesDecider);
    if (series.status === 'not-opened') return 'inactive';
    const block = blockOfSeries(series, appointmentId);
    if (!block) return 'inactive';
    if (lostItsSlot(block)) return 'lost';
    if (block.status !== 'booked' && block.status !== 'checked-in') return 'inactive';

    const dayStream = streams.clinicDay(block.clinicDate);
    if (holdsReservation(await this.commands.load(dayStream, clinicDayDecider), block)) {
      return 'held';
    }
    const now = this.commands.now();
    try {
      await this.commands.run(
        dayStream,
        clinicDayDecider,
        {
          type: 'ReserveSlot',
          data: {
            appointmentId,
            seriesId,
            physicianId: block.physicianId,
            roomId: block.roomId,
            start: block.start,
            calendar: this.clinic.calendar,
            policy: series.policy,
            now,
          },
        },
        context,
        stepId('reserve-again'),
      );
      this.logger.warn(`appointment ${appointmentId} got its released slot back`);
      return 'reserved-again';
    } catch (error) {
      if (!isDomainError(error)) throw error; // the store failed: the next reconciliation retries
      if (error instanceof InThePastError) {
        // Over already: nothing to protect from a double booking; the record stays as it is.
        this.logger.error(`appointment ${appointmentId} is past and holds no reservation`);
        return 'inactive';
      }
    }
    try {
      await this.commands.run(
        seriesStream,
        treatmentSeriesDecider,
        { type: 'CancelBlock', data: { seriesId, appointmentId, reason: SLOT_LOST_REASON, now } },
        context,
        stepId('cancel'),
      );
    } catch (error) {
      if (!isDomainError(error)) throw error;
      // The other writer cancelled it first, or the block moved on meanwhile: say what it is now.
      const current = await this.commands.load(seriesStream, treatmentSeriesDecider);
      const moved = blockOfSeries(current, appointmentId);
      if (moved && lostItsSlot(moved)) return 'lost';
      this.logger.error(
        `appointment ${appointmentId} has no reservation and could not be cancelled: ${error.message}`,
      );
      return 'inactive';
    }
    this.logger.error(
      `appointment ${appointmentId} lost its slot to another booking and is cancelled: book it again`,
    );
    return 'lost';
  }
}

/** A block this keeper cancelled (an interrupted request's retry then answers 409). */
export function lostItsSlot(block: Appointment): boolean {
  return block.status === 'cancelled' && block.reason === SLOT_LOST_REASON;
}
