import { ReservationNotFoundError } from '../clinic-day/clinic-day.errors';
import type { TreatmentSeriesState } from '../treatment-series/treatment-series.state';
import { blockOfSeries } from '../treatment-series/treatment-series.state';
import type { BookingObservation, BookingStep } from './booking.steps';
import { doneWith, refusedWith, unexpected } from './flow-ends';

/** Cancel a block in its series, then free its physician and room in the clinic day. */
export interface CancelBlockRequest {
  type: 'cancel';
  seriesId: string;
  appointmentId: string;
  reason: string;
  now: string;
}

export type CancelBlockState = { request: CancelBlockRequest } & (
  | { phase: 'cancel-block' }
  | { phase: 'release'; series: TreatmentSeriesState; clinicDate: string }
  | { phase: 'finished'; step: BookingStep }
);

export const startCancelBlock = (request: CancelBlockRequest): CancelBlockState => ({
  request,
  phase: 'cancel-block',
});

export function decideCancelBlock(state: CancelBlockState): BookingStep {
  const { seriesId, appointmentId, reason, now } = state.request;
  switch (state.phase) {
    case 'cancel-block':
      return {
        type: 'write-series',
        name: 'cancel-block',
        seriesId,
        command: { type: 'CancelBlock', data: { seriesId, appointmentId, reason, now } },
      };
    case 'release':
      return {
        type: 'write-day',
        name: 'release',
        clinicDate: state.clinicDate,
        command: {
          type: 'ReleaseSlot',
          data: { clinicDate: state.clinicDate, appointmentId, reason: 'cancelled', now },
        },
      };
    case 'finished':
      return state.step;
  }
}

export function evolveCancelBlock(
  state: CancelBlockState,
  seen: BookingObservation,
): CancelBlockState {
  const { request } = state;
  const cancelled = (series: TreatmentSeriesState) =>
    doneWith(request, { type: 'cancelled', series });

  if (state.phase === 'cancel-block') {
    if (seen.type === 'refused') return refusedWith(request, seen.error);
    if (seen.type === 'written' && seen.series) {
      const block = blockOfSeries(seen.series, request.appointmentId);
      if (!block) return cancelled(seen.series);
      return { request, phase: 'release', series: seen.series, clinicDate: block.clinicDate };
    }
  }
  if (state.phase === 'release') {
    if (seen.type === 'written') return cancelled(state.series);
    // The block is cancelled whatever happens here; a reservation that is not there frees nothing.
    if (seen.type === 'refused') {
      return seen.error instanceof ReservationNotFoundError
        ? cancelled(state.series)
        : refusedWith(request, seen.error);
    }
  }
  return unexpected(state.phase, seen);
}
