import {
  type ClinicDayEvent,
  clinicDayDecider,
  streams,
  treatmentSeriesDecider,
  type TreatmentSeriesEvent,
} from '@app/domain';
import type { EventStore } from '@app/event-store';

/**
 * What the event log (the only truth) says about the calendar, read straight from the streams:
 * the reservations each ClinicDay holds and the blocks each series has booked.
 */

export interface HeldReservation {
  clinicDate: string;
  appointmentId: string;
  seriesId: string;
  physicianId: string;
  roomId: string;
  start: string;
  end: string;
  reservedAt: string;
}

export interface SeriesBlock {
  seriesId: string;
  appointmentId: string;
  status: string;
  clinicDate: string;
  start: string;
  physicianId: string;
  roomId: string;
}

/** The reservations the ClinicDay streams of `dates` hold now (released ones gone). */
export async function heldReservations(
  store: EventStore,
  dates: Iterable<string>,
): Promise<HeldReservation[]> {
  const held: HeldReservation[] = [];
  for (const date of new Set(dates)) {
    const events = await store.readStream(streams.clinicDay(date));
    const state = events.reduce(
      (s, e) => clinicDayDecider.evolve(s, { type: e.type, data: e.data } as ClinicDayEvent),
      clinicDayDecider.initialState(),
    );
    if (state.status === 'scheduled')
      held.push(...state.reservations.map((r) => ({ clinicDate: state.clinicDate, ...r })));
  }
  return held;
}

/** The blocks the series streams record, with their current status and slot. */
export async function seriesBlocks(
  store: EventStore,
  seriesIds: Iterable<string>,
): Promise<SeriesBlock[]> {
  const blocks: SeriesBlock[] = [];
  for (const seriesId of new Set(seriesIds)) {
    const events = await store.readStream(streams.treatmentSeries(seriesId));
    const state = events.reduce(
      (s, e) =>
        treatmentSeriesDecider.evolve(s, { type: e.type, data: e.data } as TreatmentSeriesEvent),
      treatmentSeriesDecider.initialState(),
    );
    if (state.status === 'not-opened') continue;
    for (const b of state.blocks) {
      blocks.push({
        seriesId,
        appointmentId: b.appointmentId,
        status: b.status,
        clinicDate: b.clinicDate,
        start: b.start,
        physicianId: b.physicianId,
        roomId: b.roomId,
      });
    }
  }
  return blocks;
}

const overlaps = (a: HeldReservation, b: HeldReservation) =>
  Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

/** Pairs of reservations that hold the same physician or the same room at overlapping times. */
export function doubleBookings(held: HeldReservation[]): Array<[string, string, string]> {
  const clashes: Array<[string, string, string]> = [];
  for (const [i, a] of held.entries()) {
    for (const b of held.slice(i + 1)) {
      if (!overlaps(a, b)) continue;
      if (a.physicianId === b.physicianId)
        clashes.push([a.appointmentId, b.appointmentId, 'physician']);
      if (a.roomId === b.roomId) clashes.push([a.appointmentId, b.appointmentId, 'room']);
    }
  }
  return clashes;
}

/** Booked (or checked-in) blocks whose clinic day does not hold their reservation at their slot. */
export function blocksWithoutReservation(
  blocks: SeriesBlock[],
  held: HeldReservation[],
): SeriesBlock[] {
  return blocks
    .filter((b) => b.status === 'booked' || b.status === 'checked-in')
    .filter(
      (b) =>
        !held.some(
          (r) =>
            r.appointmentId === b.appointmentId &&
            r.clinicDate === b.clinicDate &&
            Date.parse(r.start) === Date.parse(b.start) &&
            r.physicianId === b.physicianId &&
            r.roomId === b.roomId,
        ),
    );
}

/** Reservations that no series confirms at that slot (left by an interrupted booking or move). */
export function unconfirmedReservations(
  held: HeldReservation[],
  blocks: SeriesBlock[],
): HeldReservation[] {
  return held.filter(
    (r) =>
      !blocks.some(
        (b) =>
          b.appointmentId === r.appointmentId &&
          b.status !== 'cancelled' &&
          b.clinicDate === r.clinicDate &&
          Date.parse(b.start) === Date.parse(r.start) &&
          b.physicianId === r.physicianId &&
          b.roomId === r.roomId,
      ),
  );
}
