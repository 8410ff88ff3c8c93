import fc from 'fast-check';
import {
  aClinicCalendar,
  aClinicalPolicy,
  reserveSlotCommand,
  releaseSlotCommand,
} from '@app/testing';
import { freeStarts, occupiedSpan, spansOverlap } from '../clinic-calendar/clinic-calendar';
import { isDomainError } from '../shared/domain-error';
import { formatInstant, toMillis } from '../shared/instant';
import type { ClinicDayCommand } from './clinic-day.commands';
import { clinicDayDecider as day, type ClinicDayState } from './clinic-day.decider';

/**
 * Property: whatever the front desk tries (reserve, move, release, in any order, on a DST day or
 * not), the accepted commands never leave two overlapping reservations of one physician or one
 * fluoroscopy room, turnover included; and every start offered by freeStarts can be reserved.
 */

const physicians = ['physician-1', 'physician-2', 'physician-3'];
const rooms = ['fluoro-room-1', 'fluoro-room-2', 'fluoro-room-3'];
const days = [
  { date: '2027-03-02', openMs: toMillis('2027-03-02T06:00:00-05:00') }, // an ordinary Tuesday
  { date: '2027-03-14', openMs: toMillis('2027-03-14T00:00:00-05:00') }, // spring forward (Sunday)
  { date: '2027-11-07', openMs: toMillis('2027-11-07T00:00:00-04:00') }, // fall back (Sunday)
];
const open = [{ open: '00:00', close: '23:00' }];
const calendarFor = (turnoverMinutes: number) =>
  aClinicCalendar({
    physicians: physicians.map((id) => ({ id, name: id })),
    rooms: rooms.map((id) => ({ id, name: id })),
    turnoverMinutes,
    openingHours: {
      monday: open,
      tuesday: open,
      wednesday: open,
      thursday: open,
      friday: open,
      saturday: open,
      sunday: open,
    },
  });

const action = fc.record({
  kind: fc.constantFrom('reserve', 'reserve', 'reserve', 'release'),
  appointment: fc.integer({ min: 1, max: 8 }),
  physician: fc.constantFrom(...physicians),
  room: fc.constantFrom(...rooms),
  /** Minutes after the day's first instant, on a 5-minute grid (also outside opening hours). */
  offsetMinutes: fc.integer({ min: 0, max: 24 * 12 }).map((n) => n * 5),
});

function assertNoOverlap(state: ClinicDayState, turnoverMinutes: number): void {
  if (state.status === 'empty') return;
  const held = state.reservations;
  for (let i = 0; i < held.length; i++) {
    for (let j = i + 1; j < held.length; j++) {
      const [a, b] = [held[i], held[j]];
      if (a.physicianId !== b.physicianId && a.roomId !== b.roomId) continue;
      expect(spansOverlap(occupiedSpan(a, turnoverMinutes), occupiedSpan(b, turnoverMinutes))).toBe(
        false,
      );
    }
  }
  expect(new Set(held.map((r) => r.appointmentId)).size).toBe(held.length);
}

describe('clinic day properties', () => {
  it('no sequence of reservations, moves and releases double-books a physician or a room', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...days),
        fc.constantFrom(0, 15),
        fc.constantFrom(30, 60, 90),
        fc.array(action, { minLength: 1, maxLength: 40 }),
        (clinicDay, turnoverMinutes, roomSlotMinutes, actions) => {
          const calendar = calendarFor(turnoverMinutes);
          const policy = aClinicalPolicy({ roomSlotMinutes });
          let state = day.initialState();
          for (const a of actions) {
            const command: ClinicDayCommand =
              a.kind === 'reserve'
                ? reserveSlotCommand({
                    appointmentId: `appointment-${a.appointment}`,
                    physicianId: a.physician,
                    roomId: a.room,
                    start: formatInstant(clinicDay.openMs + a.offsetMinutes * 60_000, 'UTC'),
                    calendar,
                    policy,
                    now: '2027-01-01T00:00:00Z',
                  })
                : releaseSlotCommand({
                    clinicDate: clinicDay.date,
                    appointmentId: `appointment-${a.appointment}`,
                    now: '2027-01-01T00:00:00Z',
                  });
            try {
              state = day.decide(command, state).reduce(day.evolve, state);
            } catch (error) {
              if (!isDomainError(error)) throw error;
            }
            assertNoOverlap(state, turnoverMinutes);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every start freeStarts offers can be reserved', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 15),
        fc.array(action, { maxLength: 15 }),
        fc.constantFrom(...physicians),
        fc.constantFrom(...rooms),
        fc.constantFrom(15, 30, 60),
        (turnoverMinutes, actions, physicianId, roomId, stepMinutes) => {
          const calendar = calendarFor(turnoverMinutes);
          const policy = aClinicalPolicy();
          const clinicDay = days[0];
          let state = day.initialState();
          for (const a of actions) {
            try {
              const command = reserveSlotCommand({
                appointmentId: `appointment-${a.appointment}`,
                physicianId: a.physician,
                roomId: a.room,
                // Within the day (06:00 + at most 17 h 55 min).
                start: formatInstant(clinicDay.openMs + (a.offsetMinutes % 1080) * 60_000, 'UTC'),
                calendar,
                policy,
                now: '2027-01-01T00:00:00Z',
              });
              state = day.decide(command, state).reduce(day.evolve, state);
            } catch (error) {
              if (!isDomainError(error)) throw error;
            }
          }
          const held = state.status === 'scheduled' ? state.reservations : [];
          const starts = freeStarts(calendar, policy, held, {
            physicianId,
            roomId,
            fromDate: clinicDay.date,
            toDate: clinicDay.date,
            now: '2027-01-01T00:00:00Z',
            stepMinutes,
          });
          for (const start of starts) {
            const events = day.decide(
              reserveSlotCommand({
                appointmentId: 'probe',
                physicianId,
                roomId,
                start,
                calendar,
                policy,
                now: '2027-01-01T00:00:00Z',
              }),
              state,
            );
            expect(events).toHaveLength(1);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
