import type { ClinicCalendar, SlotPolicy } from '../clinic-calendar/clinic-calendar';
import { holdsReservation } from '../clinic-day/clinic-day.decider';
import {
  isActive,
  type ActiveAppointment,
  type Appointment,
} from '../appointment/appointment.state';
import { InThePastError } from '../shared/domain-error';
import { blockOfSeries } from '../treatment-series/treatment-series.state';
import type { BookingObservation, BookingStep } from './booking.steps';
import { unexpected } from './flow-ends';

/** Why a block was cancelled when its slot could not be held again. */
export const SLOT_LOST_REASON =
  'its reservation was released while an interrupted booking or move was being retried, and the slot was taken';

/** A block cancelled because it lost its slot (a retry of the request that booked it answers 409). */
export function lostItsSlot(block: Appointment): boolean {
  return block.status === 'cancelled' && block.reason === SLOT_LOST_REASON;
}

/**
 * What became of a block's slot: held (as it should be), reserved again, or lost (the block is
 * cancelled); `inactive` when the block holds no slot (none, cancelled for another reason, done).
 */
export type KeptSlot = 'held' | 'reserved-again' | 'lost' | 'inactive';

/**
 * A retried request and the reconciler can each check the other's stream before the other writes:
 * the block ends up confirmed on a released slot. So each looks again after its own write, and this
 * flow puts it right: reserve the slot again if it is free, else cancel the block (never two blocks
 * on one slot). docs/architecture.md, "A booking's path", tells the races.
 */
export type KeepSlotState =
  | { phase: 'read-series' }
  | { phase: 'read-day'; block: ActiveAppointment; policy: SlotPolicy }
  | { phase: 'reserve-again'; block: ActiveAppointment; policy: SlotPolicy }
  | { phase: 'cancel'; block: ActiveAppointment }
  | { phase: 'look-again' }
  | { phase: 'kept'; kept: KeptSlot };

export interface KeepSlotContext {
  seriesId: string;
  appointmentId: string;
  calendar: ClinicCalendar;
  now: string;
}

export const startKeepSlot = (): KeepSlotState => ({ phase: 'read-series' });

export function decideKeepSlot(context: KeepSlotContext, state: KeepSlotState): BookingStep {
  const { seriesId, appointmentId, now } = context;
  switch (state.phase) {
    case 'read-series':
    case 'look-again':
      return { type: 'read-series', seriesId };
    case 'read-day':
      return { type: 'read-day', clinicDate: state.block.clinicDate };
    case 'reserve-again': {
      const { block } = state;
      return {
        type: 'write-day',
        name: 'keep-slot/reserve-again',
        clinicDate: block.clinicDate,
        command: {
          type: 'ReserveSlot',
          data: {
            appointmentId,
            seriesId,
            physicianId: block.physicianId,
            roomId: block.roomId,
            start: block.start,
            calendar: context.calendar,
            policy: state.policy,
            now,
          },
        },
      };
    }
    case 'cancel':
      return {
        type: 'write-series',
        name: 'keep-slot/cancel',
        seriesId,
        command: {
          type: 'CancelBlock',
          data: { seriesId, appointmentId, reason: SLOT_LOST_REASON, now },
        },
      };
    case 'kept':
      throw new Error('booking workflow: the slot is kept; the flow that asked goes on');
  }
}

export function evolveKeepSlot(
  context: KeepSlotContext,
  state: KeepSlotState,
  seen: BookingObservation,
): KeepSlotState {
  const kept = (result: KeptSlot): KeepSlotState => ({ phase: 'kept', kept: result });
  if (state.phase === 'read-series' && seen.type === 'series-read') {
    const series = seen.state;
    if (series.status === 'not-opened') return kept('inactive');
    const block = blockOfSeries(series, context.appointmentId);
    if (!block) return kept('inactive');
    if (lostItsSlot(block)) return kept('lost');
    if (!isActive(block)) return kept('inactive');
    return { phase: 'read-day', block, policy: series.policy };
  }
  if (state.phase === 'read-day' && seen.type === 'day-read') {
    return holdsReservation(seen.state, state.block)
      ? kept('held')
      : { phase: 'reserve-again', block: state.block, policy: state.policy };
  }
  if (state.phase === 'reserve-again') {
    if (seen.type === 'written') return kept('reserved-again');
    if (seen.type === 'refused') {
      // Over already: nothing left to protect from a double booking.
      if (seen.error instanceof InThePastError) return kept('inactive');
      return { phase: 'cancel', block: state.block };
    }
  }
  if (state.phase === 'cancel') {
    if (seen.type === 'written') return kept('lost');
    // The other writer cancelled it first, or the block moved on: look at what it is now.
    if (seen.type === 'refused') return { phase: 'look-again' };
  }
  if (state.phase === 'look-again' && seen.type === 'series-read') {
    const block = blockOfSeries(seen.state, context.appointmentId);
    return kept(block && lostItsSlot(block) ? 'lost' : 'inactive');
  }
  return unexpected(state.phase, seen);
}
