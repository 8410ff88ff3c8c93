import {
  decideBookBlock,
  evolveBookBlock,
  startBookBlock,
  type BookBlockRequest,
  type BookBlockState,
} from './book-block.flow';
import type { BookingObservation, BookingStep } from './booking.steps';
import {
  decideCancelBlock,
  evolveCancelBlock,
  startCancelBlock,
  type CancelBlockRequest,
  type CancelBlockState,
} from './cancel-block.flow';
import {
  decideRescheduleBlock,
  evolveRescheduleBlock,
  startRescheduleBlock,
  type RescheduleBlockRequest,
  type RescheduleBlockState,
} from './reschedule-block.flow';
import {
  decideSettleReservation,
  evolveSettleReservation,
  startSettleReservation,
  type SettleReservationRequest,
  type SettleReservationState,
} from './settle-reservation.flow';

/**
 * Booking, moving and cancelling a block span two streams: the clinic day (which owns every
 * reservation of a date, so no physician or room is held twice) and the treatment series. This
 * workflow (Emmett's Workflow is the model) is the whole process as pure functions: `decide` names
 * the next step (read a stream, write one command to one stream, done or refused), `evolve` takes
 * what the runner saw. The app's runner only executes steps; the reconciler settles what a crash
 * left half-done with the same workflow. docs/architecture.md, "A booking's path", draws it.
 */
export type BookingRequest =
  BookBlockRequest | RescheduleBlockRequest | CancelBlockRequest | SettleReservationRequest;

export type BookingState =
  BookBlockState | RescheduleBlockState | CancelBlockState | SettleReservationState;

export function startBooking(request: BookingRequest): BookingState {
  switch (request.type) {
    case 'book':
      return startBookBlock(request);
    case 'reschedule':
      return startRescheduleBlock(request);
    case 'cancel':
      return startCancelBlock(request);
    case 'settle':
      return startSettleReservation(request);
  }
}

export function decideBooking(state: BookingState): BookingStep {
  switch (state.request.type) {
    case 'book':
      return decideBookBlock(state as BookBlockState);
    case 'reschedule':
      return decideRescheduleBlock(state as RescheduleBlockState);
    case 'cancel':
      return decideCancelBlock(state as CancelBlockState);
    case 'settle':
      return decideSettleReservation(state as SettleReservationState);
  }
}

export function evolveBooking(state: BookingState, seen: BookingObservation): BookingState {
  switch (state.request.type) {
    case 'book':
      return evolveBookBlock(state as BookBlockState, seen);
    case 'reschedule':
      return evolveRescheduleBlock(state as RescheduleBlockState, seen);
    case 'cancel':
      return evolveCancelBlock(state as CancelBlockState, seen);
    case 'settle':
      return evolveSettleReservation(state as SettleReservationState, seen);
  }
}

export const bookingWorkflow = {
  start: startBooking,
  decide: decideBooking,
  evolve: evolveBooking,
};
