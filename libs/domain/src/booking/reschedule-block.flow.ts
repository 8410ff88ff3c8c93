import { isAtSlot, type Appointment } from '../appointment/appointment.state';
import { AppointmentNotFoundError } from '../appointment/appointment.errors';
import {
  slotOf,
  type ClinicCalendar,
  type Slot,
  type SlotPolicy,
} from '../clinic-calendar/clinic-calendar';
import { holdsReservation } from '../clinic-day/clinic-day.decider';
import { ReservationReleasedError } from '../clinic-day/clinic-day.errors';
import type { DomainError } from '../shared/domain-error';
import type { RescheduleBlock } from '../treatment-series/treatment-series.commands';
import { decideTreatmentSeries } from '../treatment-series/treatment-series.decider';
import { SeriesNotFoundError } from '../treatment-series/treatment-series.errors';
import { blockOfSeries } from '../treatment-series/treatment-series.state';
import type { BookingObservation, BookingStep } from './booking.steps';
import {
  decideKeepSlot,
  evolveKeepSlot,
  startKeepSlot,
  type KeepSlotState,
} from './keep-slot.flow';
import { doneWith, refusedWith, unexpected } from './flow-ends';
import { refusalOf } from './refusal';

/**
 * Move a block: reserve the new slot (on the same day the clinic day moves the reservation in one
 * append), move the block in the series, then free the old day.
 */
export interface RescheduleBlockRequest {
  type: 'reschedule';
  seriesId: string;
  appointmentId: string;
  start: string;
  /** Unset: the block keeps its physician (or room). */
  physicianId?: string;
  roomId?: string;
  calendar: ClinicCalendar;
  now: string;
}

type Previous = Pick<Appointment, 'start' | 'clinicDate' | 'physicianId' | 'roomId'>;
type Move = { move: RescheduleBlock; slot: Slot; policy: SlotPolicy; previous: Previous };

export type RescheduleBlockState = { request: RescheduleBlockRequest } & (
  | { phase: 'read-series' }
  | ({ phase: 'reserve'; alreadyThere: boolean } & Move)
  | ({ phase: 'check-reservation' } & Move)
  | ({ phase: 'move'; reserveReplayed: boolean } & Move)
  | ({ phase: 'abandon' | 'restore'; refusal: DomainError } & Move)
  | ({ phase: 'keep-slot'; keep: KeepSlotState } & Move)
  | ({ phase: 'release-previous' } & Move)
  | { phase: 'finished'; step: BookingStep }
);

export const startRescheduleBlock = (request: RescheduleBlockRequest): RescheduleBlockState => ({
  request,
  phase: 'read-series',
});

export function decideRescheduleBlock(state: RescheduleBlockState): BookingStep {
  const { request } = state;
  const { appointmentId, seriesId, now } = request;
  switch (state.phase) {
    case 'read-series':
      return { type: 'read-series', seriesId };
    case 'reserve':
    case 'restore': {
      const at =
        state.phase === 'reserve'
          ? { ...state.move.data, clinicDate: state.slot.clinicDate }
          : state.previous;
      return {
        type: 'write-day',
        name: state.phase,
        clinicDate: at.clinicDate,
        command: {
          type: 'ReserveSlot',
          data: {
            appointmentId,
            seriesId,
            physicianId: at.physicianId,
            roomId: at.roomId,
            start: at.start,
            calendar: request.calendar,
            policy: state.policy,
            now,
          },
        },
        // The old slot back after a refused move: worth a try, but the refusal is what to report.
        ...(state.phase === 'restore' ? { bestEffort: true as const } : {}),
      };
    }
    case 'check-reservation':
      return { type: 'read-day', clinicDate: state.slot.clinicDate };
    case 'move':
      return { type: 'write-series', name: 'move', seriesId, command: state.move };
    case 'abandon':
    case 'release-previous': {
      const abandon = state.phase === 'abandon';
      const clinicDate = abandon ? state.slot.clinicDate : state.previous.clinicDate;
      return {
        type: 'write-day',
        name: state.phase,
        clinicDate,
        command: {
          type: 'ReleaseSlot',
          data: {
            clinicDate,
            appointmentId,
            reason: abandon ? 'booking-abandoned' : 'rescheduled',
            now,
          },
        },
      };
    }
    case 'keep-slot':
      return decideKeepSlot(request, state.keep);
    case 'finished':
      return state.step;
  }
}

export function evolveRescheduleBlock(
  state: RescheduleBlockState,
  seen: BookingObservation,
): RescheduleBlockState {
  const { request } = state;
  const refuse = (error: DomainError) => refusedWith(request, error);
  // The block is on its new slot: free the old day, if it was another one.
  const afterMove = (moving: Move): RescheduleBlockState =>
    moving.slot.clinicDate !== moving.previous.clinicDate
      ? { request, phase: 'release-previous', ...moving }
      : doneWith(request, { type: 'moved', slot: moving.slot });

  switch (state.phase) {
    case 'read-series': {
      if (seen.type !== 'series-read') break;
      const series = seen.state;
      if (series.status === 'not-opened') return refuse(new SeriesNotFoundError());
      const block = blockOfSeries(series, request.appointmentId);
      if (!block) return refuse(new AppointmentNotFoundError());
      const planned = refusalOf(() => {
        const slot = slotOf(request.start, request.calendar, series.policy);
        const move: RescheduleBlock = {
          type: 'RescheduleBlock',
          data: {
            seriesId: request.seriesId,
            appointmentId: request.appointmentId,
            physicianId: request.physicianId ?? block.physicianId,
            roomId: request.roomId ?? block.roomId,
            start: slot.start,
            end: slot.end,
            clinicDate: slot.clinicDate,
            now: request.now,
          },
        };
        decideTreatmentSeries(move, series); // refuse before the calendar is touched
        return { slot, move };
      });
      if ('refusal' in planned) return refuse(planned.refusal);
      const { start, clinicDate, physicianId, roomId } = block;
      return {
        request,
        phase: 'reserve',
        alreadyThere: isAtSlot(block, planned.move.data),
        policy: series.policy,
        previous: { start, clinicDate, physicianId, roomId },
        ...planned,
      };
    }
    case 'reserve': {
      if (seen.type === 'refused') return refuse(seen.error);
      if (seen.type !== 'written') break;
      const { alreadyThere: _, phase: __, ...moving } = state;
      // As in booking: a retried request whose new reservation the reconciler released (or moved
      // back) since its interrupted first attempt must not move the block onto it.
      if (seen.replayed && !state.alreadyThere) return { ...moving, phase: 'check-reservation' };
      return { ...moving, phase: 'move', reserveReplayed: seen.replayed };
    }
    case 'check-reservation': {
      if (seen.type !== 'day-read') break;
      const { phase: _, ...moving } = state;
      const held = holdsReservation(seen.state, {
        ...state.move.data,
        appointmentId: request.appointmentId,
      });
      if (!held) return refuse(new ReservationReleasedError());
      return { ...moving, phase: 'move', reserveReplayed: true };
    }
    case 'move': {
      const { reserveReplayed, phase: _, ...moving } = state;
      if (seen.type === 'refused') {
        // Give back what this request took: the new day's reservation, or on the same day the old
        // slot (the clinic day moved the reservation in one append).
        const otherDay = state.slot.clinicDate !== state.previous.clinicDate;
        return { ...moving, phase: otherDay ? 'abandon' : 'restore', refusal: seen.error };
      }
      if (seen.type !== 'written') break;
      if (!reserveReplayed) return afterMove(moving);
      return { ...moving, phase: 'keep-slot', keep: startKeepSlot() };
    }
    case 'abandon':
    case 'restore':
      if (seen.type !== 'series-read' && seen.type !== 'day-read') return refuse(state.refusal);
      break;
    case 'keep-slot': {
      const keep = evolveKeepSlot(request, state.keep, seen);
      if (keep.phase !== 'kept') return { ...state, keep };
      if (keep.kept === 'lost') return refuse(new ReservationReleasedError());
      const { keep: _, phase: __, ...moving } = state;
      return afterMove(moving);
    }
    case 'release-previous':
      // A reservation already gone frees nothing: the block is on its new slot either way.
      if (seen.type === 'written' || seen.type === 'refused') {
        return doneWith(request, { type: 'moved', slot: state.slot });
      }
      break;
    case 'finished':
      break;
  }
  return unexpected(state.phase, seen);
}
