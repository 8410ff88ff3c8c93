import { isActive, isAtSlot, type ActiveAppointment } from '../appointment/appointment.state';
import type { ClinicCalendar, SlotPolicy } from '../clinic-calendar/clinic-calendar';
import type { DayReservation } from '../clinic-day/clinic-day.decider';
import type { ReleaseSlot } from '../clinic-day/clinic-day.commands';
import { blockOfSeries } from '../treatment-series/treatment-series.state';
import type { BookingObservation, BookingStep } from './booking.steps';
import {
  decideKeepSlot,
  evolveKeepSlot,
  startKeepSlot,
  type KeepSlotState,
} from './keep-slot.flow';
import { doneWith, refusedWith, unexpected } from './flow-ends';

/**
 * Settle a reservation its series does not confirm (a booking or move interrupted between its two
 * streams): release what nobody booked, give back a moved block's old slot. The reconciler sends
 * one per stale reservation.
 */
export interface SettleReservationRequest {
  type: 'settle';
  reservation: Pick<
    DayReservation,
    'appointmentId' | 'seriesId' | 'physicianId' | 'roomId' | 'start'
  > & { clinicDate: string };
  calendar: ClinicCalendar;
  now: string;
}

type ReleaseReason = ReleaseSlot['data']['reason'];

export type SettleReservationState = { request: SettleReservationRequest } & (
  | { phase: 'read-series' }
  | { phase: 'release'; reason: ReleaseReason }
  | { phase: 'restore'; block: ActiveAppointment; policy: SlotPolicy }
  | { phase: 'keep-slot'; keep: KeepSlotState }
  | { phase: 'finished'; step: BookingStep }
);

export const startSettleReservation = (
  request: SettleReservationRequest,
): SettleReservationState => ({ request, phase: 'read-series' });

export function decideSettleReservation(state: SettleReservationState): BookingStep {
  const { request } = state;
  const { appointmentId, seriesId, clinicDate } = request.reservation;
  switch (state.phase) {
    case 'read-series':
      return { type: 'read-series', seriesId };
    case 'release':
      return {
        type: 'write-day',
        name: 'release',
        clinicDate,
        command: {
          type: 'ReleaseSlot',
          data: { clinicDate, appointmentId, reason: state.reason, now: request.now },
        },
      };
    case 'restore':
      return {
        type: 'write-day',
        name: 'restore',
        clinicDate,
        command: {
          type: 'ReserveSlot',
          data: {
            appointmentId,
            seriesId,
            physicianId: state.block.physicianId,
            roomId: state.block.roomId,
            start: state.block.start,
            calendar: request.calendar,
            policy: state.policy,
            now: request.now,
          },
        },
      };
    case 'keep-slot':
      return decideKeepSlot(keepSlotContext(request), state.keep);
    case 'finished':
      return state.step;
  }
}

export function evolveSettleReservation(
  state: SettleReservationState,
  seen: BookingObservation,
): SettleReservationState {
  const { request } = state;
  const { reservation } = request;
  const settled = (changed: boolean) => doneWith(request, { type: 'settled', changed });
  const release = (reason: ReleaseReason): SettleReservationState => ({
    request,
    phase: 'release',
    reason,
  });

  switch (state.phase) {
    case 'read-series': {
      if (seen.type !== 'series-read') break;
      const series = seen.state;
      if (series.status === 'not-opened') return release('booking-abandoned');
      const block = blockOfSeries(series, reservation.appointmentId);
      if (!block) return release('booking-abandoned'); // never confirmed: the caller got no 201
      if (block.status === 'cancelled') return release('cancelled');
      // The views lagged: the series confirms it (a start instant fixes its clinic date).
      if (isAtSlot(block, reservation)) return settled(false);
      if (block.clinicDate !== reservation.clinicDate) return release('rescheduled');
      if (!isActive(block)) return settled(false);
      // Same day, another slot: a move whose series step failed and whose old slot was not restored.
      return { request, phase: 'restore', block, policy: series.policy };
    }
    case 'release':
    case 'restore':
      if (seen.type === 'refused') return refusedWith(request, seen.error);
      // A retried request may have confirmed the block since the series was read: look again.
      if (seen.type === 'written') return { request, phase: 'keep-slot', keep: startKeepSlot() };
      break;
    case 'keep-slot': {
      const keep = evolveKeepSlot(keepSlotContext(request), state.keep, seen);
      return keep.phase === 'kept' ? settled(true) : { request, phase: 'keep-slot', keep };
    }
    case 'finished':
      break;
  }
  return unexpected(state.phase, seen);
}

function keepSlotContext(request: SettleReservationRequest) {
  const { seriesId, appointmentId } = request.reservation;
  return { seriesId, appointmentId, calendar: request.calendar, now: request.now };
}
