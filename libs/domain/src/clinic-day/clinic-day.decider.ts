import {
  assertKnownResources,
  assertWithinOpeningHours,
  occupiedSpan,
  slotOf,
  spansOverlap,
} from '../clinic-calendar/clinic-calendar';
import type { Decider } from '../decider';
import { InThePastError } from '../shared/domain-error';
import { toMillis } from '../shared/instant';
import type { ClinicDayCommand, ReleaseSlot, ReserveSlot } from './clinic-day.commands';
import { ReservationNotFoundError, SlotTakenError, WrongClinicDayError } from './clinic-day.errors';
import type { ClinicDayEvent, SlotReserved } from './clinic-day.events';

/**
 * One clinic day (stream ClinicDay-<date>): every reservation of a physician or a fluoroscopy room
 * on that date. Appended with an exact expected revision, it is the boundary that makes double
 * booking impossible: two concurrent reservations cannot both be decided on the same revision.
 */

export type DayReservation = Omit<SlotReserved['data'], 'clinicDate'>;

export type ClinicDayState =
  | { status: 'empty' }
  | {
      status: 'scheduled';
      clinicDate: string;
      /** Reservations held now (released ones are gone). */
      reservations: DayReservation[];
      /** Appointments whose reservation was released on this day (a repeated release is a no-op). */
      released: string[];
    };

export const initialClinicDayState = (): ClinicDayState => ({ status: 'empty' });

export function evolveClinicDay(state: ClinicDayState, event: ClinicDayEvent): ClinicDayState {
  switch (event.type) {
    case 'SlotReserved': {
      const { clinicDate, ...reservation } = event.data;
      const current =
        state.status === 'scheduled' ? state : { clinicDate, reservations: [], released: [] };
      return {
        status: 'scheduled',
        clinicDate: current.clinicDate,
        reservations: [
          ...current.reservations.filter((r) => r.appointmentId !== reservation.appointmentId),
          reservation,
        ],
        released: current.released,
      };
    }
    case 'SlotReleased': {
      if (state.status === 'empty') return state;
      const { appointmentId } = event.data;
      return {
        ...state,
        reservations: state.reservations.filter((r) => r.appointmentId !== appointmentId),
        released: state.released.includes(appointmentId)
          ? state.released
          : [...state.released, appointmentId],
      };
    }
    default: {
      const unknown: never = event;
      return ignore(state, unknown);
    }
  }
}

function ignore(state: ClinicDayState, _event: never): ClinicDayState {
  return state;
}

export function decideClinicDay(
  command: ClinicDayCommand,
  state: ClinicDayState,
): ClinicDayEvent[] {
  toMillis(command.data.now, 'now');
  switch (command.type) {
    case 'ReserveSlot':
      return reserveSlot(command, state);
    case 'ReleaseSlot':
      return releaseSlot(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

/**
 * Reserves [start, start + roomSlotMinutes) for a physician and a room: both known, the start not in
 * the past, the whole slot inside opening hours, no overlap with any held reservation of either
 * (turnover minutes after each slot included). An appointment that already holds a reservation on
 * this day is moved: SlotReleased (rescheduled) then SlotReserved, its old slot not counting against
 * the new one. The exact slot it already holds: nothing new (a retry).
 */
export function reserveSlot(command: ReserveSlot, state: ClinicDayState): ClinicDayEvent[] {
  const { data } = command;
  const { calendar } = data;
  assertKnownResources(calendar, data.physicianId, data.roomId);
  const slot = slotOf(data.start, calendar, data.policy);
  if (state.status === 'scheduled' && slot.clinicDate !== state.clinicDate) {
    throw new WrongClinicDayError(state.clinicDate, slot.clinicDate);
  }
  const held = state.status === 'scheduled' ? state.reservations : [];
  const own = held.find((r) => r.appointmentId === data.appointmentId);
  if (
    own &&
    own.physicianId === data.physicianId &&
    own.roomId === data.roomId &&
    toMillis(own.start) === toMillis(slot.start) &&
    toMillis(own.end) === toMillis(slot.end)
  ) {
    return [];
  }
  if (toMillis(slot.start) < toMillis(data.now, 'now')) throw new InThePastError();
  assertWithinOpeningHours(slot, calendar);
  const wanted = occupiedSpan(slot, calendar.turnoverMinutes);
  const others = held.filter((r) => r.appointmentId !== data.appointmentId);
  for (const resource of ['physician', 'room'] as const) {
    const clash = others.some(
      (r) =>
        (resource === 'physician'
          ? r.physicianId === data.physicianId
          : r.roomId === data.roomId) &&
        spansOverlap(wanted, occupiedSpan(r, calendar.turnoverMinutes)),
    );
    if (clash) throw new SlotTakenError(resource);
  }
  const reserved: ClinicDayEvent = {
    type: 'SlotReserved',
    data: {
      clinicDate: slot.clinicDate,
      appointmentId: data.appointmentId,
      seriesId: data.seriesId,
      physicianId: data.physicianId,
      roomId: data.roomId,
      start: slot.start,
      end: slot.end,
      reservedAt: data.now,
    },
  };
  if (!own) return [reserved];
  return [
    {
      type: 'SlotReleased',
      data: {
        clinicDate: slot.clinicDate,
        appointmentId: data.appointmentId,
        reason: 'rescheduled',
        releasedAt: data.now,
      },
    },
    reserved,
  ];
}

/** Frees a reservation; one already released frees nothing again (a retried compensation). */
export function releaseSlot(command: ReleaseSlot, state: ClinicDayState): ClinicDayEvent[] {
  const { data } = command;
  if (state.status === 'empty') throw new ReservationNotFoundError();
  if (data.clinicDate !== state.clinicDate) {
    throw new WrongClinicDayError(state.clinicDate, data.clinicDate);
  }
  const held = state.reservations.some((r) => r.appointmentId === data.appointmentId);
  if (!held) {
    if (state.released.includes(data.appointmentId)) return [];
    throw new ReservationNotFoundError();
  }
  return [
    {
      type: 'SlotReleased',
      data: {
        clinicDate: state.clinicDate,
        appointmentId: data.appointmentId,
        reason: data.reason,
        releasedAt: data.now,
      },
    },
  ];
}

/**
 * Whether the day holds this appointment's reservation for exactly this physician, room and start
 * now. A booking or a move checks it before its series step: a retried request finds its own
 * reservation step already done, but not whether that reservation survived until now.
 */
export function holdsReservation(
  state: ClinicDayState,
  wanted: Pick<DayReservation, 'appointmentId' | 'physicianId' | 'roomId' | 'start'>,
): boolean {
  if (state.status !== 'scheduled') return false;
  return state.reservations.some(
    (r) =>
      r.appointmentId === wanted.appointmentId &&
      r.physicianId === wanted.physicianId &&
      r.roomId === wanted.roomId &&
      toMillis(r.start) === toMillis(wanted.start),
  );
}

export const clinicDayDecider: Decider<ClinicDayCommand, ClinicDayState, ClinicDayEvent> = {
  initialState: initialClinicDayState,
  evolve: evolveClinicDay,
  decide: decideClinicDay,
};
