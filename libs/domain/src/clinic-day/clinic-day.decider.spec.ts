import {
  aClinicCalendar,
  given,
  releaseSlotCommand,
  reserveSlotCommand,
  slotReleased,
  slotReserved,
} from '@app/testing';
import { clinicDayDecider as day, holdsReservation } from './clinic-day.decider';

const NINE = '2027-03-02T09:00:00-05:00';
const TEN = '2027-03-02T10:00:00-05:00';

describe('a clinic day', () => {
  describe('reserving a slot', () => {
    it('the front desk reserves physician 1 and room 1 for an hour on Tuesday', () => {
      given(day, []).when(reserveSlotCommand()).then([slotReserved()]);
    });

    it('the start is written in the clinic offset whatever offset it came in', () => {
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-03-02T14:00:00Z' }))
        .then([slotReserved({ start: NINE, end: TEN })]);
    });

    it('physician 2 in room 2 at the same time: no conflict', () => {
      given(day, [slotReserved()])
        .when(
          reserveSlotCommand({
            appointmentId: 'a2',
            seriesId: 's2',
            physicianId: 'physician-2',
            roomId: 'fluoro-room-2',
          }),
        )
        .then([
          slotReserved({
            appointmentId: 'a2',
            seriesId: 's2',
            physicianId: 'physician-2',
            roomId: 'fluoro-room-2',
          }),
        ]);
    });

    it('the same physician in another room at an overlapping time → slot-taken (physician)', () => {
      given(day, [slotReserved()])
        .when(
          reserveSlotCommand({
            appointmentId: 'a2',
            roomId: 'fluoro-room-2',
            start: '2027-03-02T09:30:00-05:00',
          }),
        )
        .thenThrows('slot-taken');
      expect(() =>
        day.decide(
          reserveSlotCommand({
            appointmentId: 'a2',
            roomId: 'fluoro-room-2',
            start: '2027-03-02T09:59:00-05:00',
          }),
          given(day, [slotReserved()]).state,
        ),
      ).toThrow('The physician is already booked at that time.');
    });

    it('the same room with another physician at an overlapping time → slot-taken (room)', () => {
      expect(() =>
        day.decide(
          reserveSlotCommand({
            appointmentId: 'a2',
            physicianId: 'physician-2',
            start: '2027-03-02T08:01:00-05:00',
          }),
          given(day, [slotReserved()]).state,
        ),
      ).toThrow(
        expect.objectContaining({ code: 'slot-taken', kind: 'conflict', resource: 'room' }),
      );
    });

    it('back to back is fine without turnover (slots are half-open)', () => {
      given(day, [slotReserved()])
        .when(reserveSlotCommand({ appointmentId: 'a2', start: TEN }))
        .then([
          slotReserved({ appointmentId: 'a2', start: TEN, end: '2027-03-02T11:00:00-05:00' }),
        ]);
      given(day, [slotReserved()])
        .when(reserveSlotCommand({ appointmentId: 'a2', start: '2027-03-02T08:00:00-05:00' }))
        .events();
    });

    it('with 15 minutes of turnover the next slot starts 15 minutes after the previous one ends', () => {
      const calendar = aClinicCalendar({ turnoverMinutes: 15 });
      given(day, [slotReserved()])
        .when(reserveSlotCommand({ appointmentId: 'a2', start: TEN, calendar }))
        .thenThrows('slot-taken');
      given(day, [slotReserved()])
        .when(
          reserveSlotCommand({ appointmentId: 'a2', start: '2027-03-02T10:15:00-05:00', calendar }),
        )
        .events();
      given(day, [slotReserved()])
        .when(
          reserveSlotCommand({
            appointmentId: 'a2',
            start: '2027-03-02T07:45:00-05:00',
            calendar: aClinicCalendar({
              turnoverMinutes: 15,
              openingHours: {
                ...calendar.openingHours,
                tuesday: [{ open: '07:00', close: '17:00' }],
              },
            }),
          }),
        )
        .events();
      given(day, [slotReserved()])
        .when(
          reserveSlotCommand({
            appointmentId: 'a2',
            start: '2027-03-02T07:50:00-05:00',
            calendar: aClinicCalendar({
              turnoverMinutes: 15,
              openingHours: {
                ...calendar.openingHours,
                tuesday: [{ open: '07:00', close: '17:00' }],
              },
            }),
          }),
        )
        .thenThrows('slot-taken');
    });

    it('a released reservation no longer blocks', () => {
      given(day, [slotReserved(), slotReleased()])
        .when(reserveSlotCommand({ appointmentId: 'a2' }))
        .events();
    });

    it('unknown physician or room → rule refusals', () => {
      given(day, [])
        .when(reserveSlotCommand({ physicianId: 'dr-nobody' }))
        .thenThrows('unknown-physician');
      given(day, [])
        .when(reserveSlotCommand({ roomId: 'room-99' }))
        .thenThrows('unknown-room');
    });

    it('not in the past (a start exactly now is allowed)', () => {
      given(day, [])
        .when(reserveSlotCommand({ now: '2027-03-02T09:00:01-05:00' }))
        .thenThrows('in-the-past');
      given(day, [])
        .when(reserveSlotCommand({ now: NINE }))
        .events();
    });

    it('the whole slot inside opening hours: 16:00 is the last start, 16:01 is refused, Saturday is closed', () => {
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-03-02T16:00:00-05:00' }))
        .events();
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-03-02T16:01:00-05:00' }))
        .thenThrows('outside-opening-hours');
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-03-02T07:59:00-05:00' }))
        .thenThrows('outside-opening-hours');
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-03-06T09:00:00-05:00' }))
        .thenThrows('outside-opening-hours');
    });

    it('on the Monday after the March change the clinic opens at 08:00 EDT (12:00Z)', () => {
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-03-15T12:00:00Z' }))
        .then([
          slotReserved({
            clinicDate: '2027-03-15',
            start: '2027-03-15T08:00:00-04:00',
            end: '2027-03-15T09:00:00-04:00',
          }),
        ]);
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-03-15T12:00:00Z' }))
        .events();
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-03-15T11:30:00Z' }))
        .thenThrows('outside-opening-hours');
      given(day, [])
        .when(reserveSlotCommand({ start: '2027-11-08T13:00:00Z' }))
        .then([
          slotReserved({
            clinicDate: '2027-11-08',
            start: '2027-11-08T08:00:00-05:00',
            end: '2027-11-08T09:00:00-05:00',
          }),
        ]);
    });

    it('a slot of another date sent to this day’s stream is refused', () => {
      given(day, [slotReserved()])
        .when(reserveSlotCommand({ appointmentId: 'a2', start: '2027-03-03T09:00:00-05:00' }))
        .thenThrows('wrong-clinic-day');
    });

    it('a retried reservation of the same slot writes nothing', () => {
      given(day, [slotReserved()])
        .when(reserveSlotCommand({ start: '2027-03-02T14:00:00Z' }))
        .thenNothingHappens();
    });

    it('the same appointment to another time that day is a move: released (rescheduled), then reserved', () => {
      const now = '2027-02-24T10:00:00-05:00';
      given(day, [slotReserved()])
        .when(reserveSlotCommand({ start: '2027-03-02T09:30:00-05:00', now }))
        .then([
          slotReleased({ reason: 'rescheduled', releasedAt: now }),
          slotReserved({
            start: '2027-03-02T09:30:00-05:00',
            end: '2027-03-02T10:30:00-05:00',
            reservedAt: now,
          }),
        ]);
    });

    it('a move ignores its own old slot but not the others', () => {
      given(day, [
        slotReserved(),
        slotReserved({ appointmentId: 'a2', start: TEN, end: '2027-03-02T11:00:00-05:00' }),
      ])
        .when(reserveSlotCommand({ start: '2027-03-02T09:30:00-05:00' }))
        .thenThrows('slot-taken');
    });

    it('a move to another room keeps the physician', () => {
      const moved = given(day, [slotReserved()])
        .when(reserveSlotCommand({ roomId: 'fluoro-room-2' }))
        .stateAfter();
      expect(moved).toMatchObject({
        status: 'scheduled',
        reservations: [{ appointmentId: 'appointment-1', roomId: 'fluoro-room-2' }],
      });
    });
  });

  describe('releasing a slot', () => {
    it('the front desk cancels: the reservation is released', () => {
      given(day, [slotReserved()]).when(releaseSlotCommand()).then([slotReleased()]);
    });

    it('the booking process abandons a reservation the series refused', () => {
      given(day, [slotReserved()])
        .when(releaseSlotCommand({ reason: 'booking-abandoned' }))
        .then([slotReleased({ reason: 'booking-abandoned' })]);
    });

    it('releasing twice writes nothing the second time (a retried compensation)', () => {
      given(day, [slotReserved(), slotReleased()]).when(releaseSlotCommand()).thenNothingHappens();
    });

    it('a reservation that never existed → reservation-not-found', () => {
      given(day, []).when(releaseSlotCommand()).thenThrows('reservation-not-found');
      given(day, [slotReserved()])
        .when(releaseSlotCommand({ appointmentId: 'other' }))
        .thenThrows('reservation-not-found');
    });

    it('another date than the stream’s → wrong-clinic-day', () => {
      given(day, [slotReserved()])
        .when(releaseSlotCommand({ clinicDate: '2027-03-03' }))
        .thenThrows('wrong-clinic-day');
    });
  });

  describe('evolve', () => {
    it('keeps only held reservations and remembers released appointments once', () => {
      const state = [slotReserved(), slotReleased(), slotReserved(), slotReleased()].reduce(
        day.evolve,
        day.initialState(),
      );
      expect(state).toEqual({
        status: 'scheduled',
        clinicDate: '2027-03-02',
        reservations: [],
        released: ['appointment-1'],
      });
    });

    it('ignores a release on an empty day and an unknown event type', () => {
      expect(day.evolve(day.initialState(), slotReleased())).toEqual({ status: 'empty' });
      const state = given(day, [slotReserved()]).state;
      expect(day.evolve(state, { type: 'Unknown', data: {} } as never)).toEqual(state);
    });

    it('decide refuses an unknown command and a `now` that is not an instant', () => {
      expect(() =>
        day.decide({ type: 'Nope', data: { now: NINE } } as never, day.initialState()),
      ).toThrow('Unknown command Nope');
      given(day, [])
        .when(reserveSlotCommand({ now: 'now' }))
        .thenThrows('invalid-instant');
    });
  });

  describe('whether a reservation is still held (a retried booking checks it before confirming)', () => {
    const fold = (events: Parameters<typeof day.evolve>[1][]) =>
      events.reduce(day.evolve, day.initialState());
    const wanted = {
      appointmentId: slotReserved().data.appointmentId,
      physicianId: slotReserved().data.physicianId,
      roomId: slotReserved().data.roomId,
      start: '2027-03-02T14:00:00Z',
    };

    it('held: the same appointment, physician, room and instant (any offset)', () => {
      expect(holdsReservation(fold([slotReserved()]), wanted)).toBe(true);
    });

    it('not held: an empty day, a released reservation, or the appointment held elsewhere', () => {
      expect(holdsReservation(fold([]), wanted)).toBe(false);
      expect(
        holdsReservation(
          fold([slotReserved(), slotReleased({ reason: 'booking-abandoned' })]),
          wanted,
        ),
      ).toBe(false);
      expect(holdsReservation(fold([slotReserved({ start: TEN })]), wanted)).toBe(false);
      expect(holdsReservation(fold([slotReserved({ roomId: 'fluoro-room-2' })]), wanted)).toBe(
        false,
      );
      expect(holdsReservation(fold([slotReserved({ appointmentId: 'a2' })]), wanted)).toBe(false);
    });
  });
});
