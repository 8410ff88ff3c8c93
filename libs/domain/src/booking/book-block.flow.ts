import {
  slotOf,
  type ClinicCalendar,
  type Slot,
  type SlotPolicy,
} from '../clinic-calendar/clinic-calendar';
import { holdsReservation } from '../clinic-day/clinic-day.decider';
import { ReservationReleasedError } from '../clinic-day/clinic-day.errors';
import type { Anticoagulant } from '../shared/clinical-vocabulary';
import type { DomainError } from '../shared/domain-error';
import type { BookBlock } from '../treatment-series/treatment-series.commands';
import { decideTreatmentSeries } from '../treatment-series/treatment-series.decider';
import { blockOfSeries } from '../treatment-series/treatment-series.state';
import type { BookingObservation, BookingStep } from './booking.steps';
import { refusalOf } from './refusal';
import {
  decideKeepSlot,
  evolveKeepSlot,
  lostItsSlot,
  startKeepSlot,
  type KeepSlotState,
} from './keep-slot.flow';
import { doneWith, refusedWith, unexpected } from './flow-ends';

/** Book a block: reserve the physician and the room in the clinic day, then confirm in the series. */
export interface BookBlockRequest {
  type: 'book';
  seriesId: string;
  appointmentId: string;
  physicianId: string;
  roomId: string;
  start: string;
  sedation: boolean;
  anticoagulant: Anticoagulant | null;
  calendar: ClinicCalendar;
  /** The clinic's policy now: the slot's length when the series is unknown (it is refused anyway). */
  clinicPolicy: SlotPolicy;
  now: string;
}

type Booking = { book: BookBlock; slot: Slot; policy: SlotPolicy };

export type BookBlockState = { request: BookBlockRequest } & (
  | { phase: 'read-series' }
  | ({ phase: 'reserve'; confirmed: boolean } & Booking)
  | ({ phase: 'check-reservation' } & Booking)
  | ({ phase: 'confirm'; reserveReplayed: boolean } & Booking)
  | ({ phase: 'abandon'; refusal: DomainError } & Booking)
  | ({ phase: 'keep-slot'; keep: KeepSlotState } & Booking)
  | { phase: 'finished'; step: BookingStep }
);

export const startBookBlock = (request: BookBlockRequest): BookBlockState => ({
  request,
  phase: 'read-series',
});

export function decideBookBlock(state: BookBlockState): BookingStep {
  const { request } = state;
  switch (state.phase) {
    case 'read-series':
      // As the confirming step sees it: a retry of a finished booking answers as the first time.
      return { type: 'read-series', seriesId: request.seriesId, asStep: 'confirm' };
    case 'reserve':
      return {
        type: 'write-day',
        name: 'reserve',
        clinicDate: state.slot.clinicDate,
        command: {
          type: 'ReserveSlot',
          data: {
            appointmentId: request.appointmentId,
            seriesId: request.seriesId,
            physicianId: request.physicianId,
            roomId: request.roomId,
            start: state.slot.start,
            calendar: request.calendar,
            policy: state.policy,
            now: request.now,
          },
        },
      };
    case 'check-reservation':
      return { type: 'read-day', clinicDate: state.slot.clinicDate };
    case 'confirm':
      return {
        type: 'write-series',
        name: 'confirm',
        seriesId: request.seriesId,
        command: state.book,
      };
    case 'abandon':
      return {
        type: 'write-day',
        name: 'abandon',
        clinicDate: state.slot.clinicDate,
        command: {
          type: 'ReleaseSlot',
          data: {
            clinicDate: state.slot.clinicDate,
            appointmentId: request.appointmentId,
            reason: 'booking-abandoned',
            now: request.now,
          },
        },
      };
    case 'keep-slot':
      return decideKeepSlot(request, state.keep);
    case 'finished':
      return state.step;
  }
}

export function evolveBookBlock(state: BookBlockState, seen: BookingObservation): BookBlockState {
  const { request } = state;
  const booked = (slot: Slot) =>
    doneWith(request, { type: 'booked', appointmentId: request.appointmentId, slot });
  const released = () => refusedWith(request, new ReservationReleasedError());

  switch (state.phase) {
    case 'read-series': {
      if (seen.type !== 'series-read') break;
      const series = seen.state;
      const policy = series.status === 'not-opened' ? request.clinicPolicy : series.policy;
      const planned = refusalOf(() => {
        const slot = slotOf(request.start, request.calendar, policy);
        const book: BookBlock = {
          type: 'BookBlock',
          data: {
            seriesId: request.seriesId,
            appointmentId: request.appointmentId,
            physicianId: request.physicianId,
            roomId: request.roomId,
            start: slot.start,
            end: slot.end,
            clinicDate: slot.clinicDate,
            sedation: request.sedation,
            anticoagulant: request.anticoagulant,
            now: request.now,
          },
        };
        // A retried request that already booked gets its first answer, even if the block moved on
        // since (a new decision might refuse); unless the block lost its slot meanwhile.
        if (!seen.alreadyRan) decideTreatmentSeries(book, series); // refuse before the calendar is touched
        return { slot, book };
      });
      if ('refusal' in planned) return refusedWith(request, planned.refusal);
      if (seen.alreadyRan) {
        const block = blockOfSeries(series, request.appointmentId);
        return block && lostItsSlot(block) ? released() : booked(planned.slot);
      }
      const confirmed = blockOfSeries(series, request.appointmentId) !== undefined;
      return { request, phase: 'reserve', confirmed, policy, ...planned };
    }
    case 'reserve': {
      const { book, slot, policy } = state;
      if (seen.type === 'refused') return refusedWith(request, seen.error);
      if (seen.type !== 'written') break;
      // A replayed reservation (a retried request) may have been released by the reconciler since
      // the first attempt: confirming then would book a slot nobody holds. Look at the day first.
      if (seen.replayed && !state.confirmed) {
        return { request, phase: 'check-reservation', book, slot, policy };
      }
      return { request, phase: 'confirm', reserveReplayed: seen.replayed, book, slot, policy };
    }
    case 'check-reservation': {
      if (seen.type !== 'day-read') break;
      const { book, slot, policy } = state;
      const held = holdsReservation(seen.state, { ...request, start: slot.start });
      return held
        ? { request, phase: 'confirm', reserveReplayed: true, book, slot, policy }
        : released();
    }
    case 'confirm': {
      const { book, slot, policy } = state;
      // The series changed since the dry run and refuses: give the slot back, then say why.
      if (seen.type === 'refused') {
        return { request, phase: 'abandon', refusal: seen.error, book, slot, policy };
      }
      if (seen.type !== 'written') break;
      if (!state.reserveReplayed) return booked(slot);
      // The reconciler may have released the replayed reservation after the look above.
      return { request, phase: 'keep-slot', keep: startKeepSlot(), book, slot, policy };
    }
    case 'abandon':
      if (seen.type === 'written' || seen.type === 'refused') {
        return refusedWith(request, state.refusal);
      }
      break;
    case 'keep-slot': {
      const keep = evolveKeepSlot(request, state.keep, seen);
      if (keep.phase !== 'kept') return { ...state, keep };
      return keep.kept === 'lost' ? released() : booked(state.slot);
    }
    case 'finished':
      break;
  }
  return unexpected(state.phase, seen);
}
