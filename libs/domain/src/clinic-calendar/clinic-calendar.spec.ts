import { aClinicCalendar, aClinicalPolicy, at, shifted } from '@app/testing';
import { clinicDateOf } from '../shared/instant';
import {
  DEMO_CLINIC_CALENDAR,
  assertWithinOpeningHours,
  freeStarts,
  slotOf,
  validateClinicCalendar,
  type CalendarReservation,
  type ClinicCalendar,
} from './clinic-calendar';

const policy = aClinicalPolicy();
const calendar = aClinicCalendar();
const NOW = '2027-03-01T07:00:00-05:00';
const query = {
  physicianId: 'physician-1',
  roomId: 'fluoro-room-1',
  fromDate: '2027-03-02',
  toDate: '2027-03-02',
  now: NOW,
};

function reservation(
  start: string,
  overrides: Partial<CalendarReservation> = {},
): CalendarReservation {
  return {
    physicianId: 'physician-1',
    roomId: 'fluoro-room-1',
    start,
    end: shifted(start, { minutes: 60 }),
    ...overrides,
  };
}

const sundayClinic = (day: 'sunday') =>
  aClinicCalendar({
    openingHours: { ...calendar.openingHours, [day]: [{ open: '00:00', close: '06:00' }] },
  });

describe('the clinic calendar', () => {
  describe('clinic dates and slots', () => {
    it('the clinic date of an instant is the date in the clinic zone', () => {
      expect(clinicDateOf('2027-03-02T04:59:00Z', 'America/New_York')).toBe('2027-03-01');
      expect(clinicDateOf('2027-03-02T05:00:00Z', 'America/New_York')).toBe('2027-03-02');
      expect(clinicDateOf('2027-03-02T09:00:00-05:00', 'Asia/Tokyo')).toBe('2027-03-02');
      expect(clinicDateOf('2027-03-02T10:00:00-05:00', 'Asia/Tokyo')).toBe('2027-03-03');
    });

    it('a slot is [start, start + 60 min), written in the clinic offset', () => {
      expect(slotOf('2027-03-02T14:00:00Z', calendar, policy)).toEqual({
        start: '2027-03-02T09:00:00-05:00',
        end: '2027-03-02T10:00:00-05:00',
        clinicDate: '2027-03-02',
      });
    });

    it('a slot across the spring-forward gap lasts 60 real minutes', () => {
      expect(slotOf('2027-03-14T01:30:00-05:00', calendar, policy)).toEqual({
        start: '2027-03-14T01:30:00-05:00',
        end: '2027-03-14T03:30:00-04:00',
        clinicDate: '2027-03-14',
      });
    });

    it('a slot in the repeated hour of the fall-back change keeps its own offset', () => {
      expect(slotOf('2027-11-07T01:30:00-05:00', calendar, policy)).toEqual({
        start: '2027-11-07T01:30:00-05:00',
        end: '2027-11-07T02:30:00-05:00',
        clinicDate: '2027-11-07',
      });
      expect(slotOf('2027-11-07T01:30:00-04:00', calendar, policy).end).toBe(
        '2027-11-07T01:30:00-05:00',
      );
    });

    it('milliseconds survive, and a malformed start is refused', () => {
      expect(slotOf('2027-03-02T09:00:00.250-05:00', calendar, policy).start).toBe(
        '2027-03-02T09:00:00.250-05:00',
      );
      expect(() => slotOf('2027-03-02T09:00', calendar, policy)).toThrow(
        expect.objectContaining({ code: 'invalid-instant', kind: 'rule' }),
      );
    });

    it('opening hours are wall-clock: 08:00–17:00 on both sides of the March change', () => {
      const before = slotOf(at('2027-03-12', '16:00'), calendar, policy);
      const after = slotOf(at('2027-03-15', '16:00'), calendar, policy);
      expect(() => assertWithinOpeningHours(before, calendar)).not.toThrow();
      expect(() => assertWithinOpeningHours(after, calendar)).not.toThrow();
      expect(() =>
        assertWithinOpeningHours(slotOf(at('2027-03-15', '07:59'), calendar, policy), calendar),
      ).toThrow(expect.objectContaining({ code: 'outside-opening-hours' }));
      expect(() =>
        assertWithinOpeningHours(slotOf(at('2027-03-15', '16:01'), calendar, policy), calendar),
      ).toThrow(expect.objectContaining({ code: 'outside-opening-hours' }));
    });
  });

  describe('free starts (GET /availability)', () => {
    it('an empty Tuesday: every hour from 08:00 to 16:00', () => {
      expect(freeStarts(calendar, policy, [], query)).toEqual(
        ['08', '09', '10', '11', '12', '13', '14', '15', '16'].map(
          (h) => `2027-03-02T${h}:00:00-05:00`,
        ),
      );
    });

    it('a start taken by the physician or by the room is not free; other resources do not matter', () => {
      const starts = freeStarts(
        calendar,
        policy,
        [
          reservation('2027-03-02T09:00:00-05:00'),
          reservation('2027-03-02T11:00:00-05:00', { physicianId: 'physician-2' }),
          reservation('2027-03-02T13:00:00-05:00', { roomId: 'fluoro-room-2' }),
          reservation('2027-03-02T15:00:00-05:00', {
            physicianId: 'physician-2',
            roomId: 'fluoro-room-2',
          }),
        ],
        query,
      );
      expect(starts.map((s) => s.slice(11, 16))).toEqual([
        '08:00',
        '10:00',
        '12:00',
        '14:00',
        '15:00',
        '16:00',
      ]);
    });

    it('a reservation off the grid blocks every start it overlaps', () => {
      const starts = freeStarts(
        calendar,
        policy,
        [reservation('2027-03-02T09:30:00-05:00')],
        query,
      );
      expect(starts.map((s) => s.slice(11, 16))).toEqual([
        '08:00',
        '11:00',
        '12:00',
        '13:00',
        '14:00',
        '15:00',
        '16:00',
      ]);
    });

    it('with a 15-minute grid, the first start after an odd reservation is found', () => {
      const starts = freeStarts(calendar, policy, [reservation('2027-03-02T09:30:00-05:00')], {
        ...query,
        stepMinutes: 15,
      });
      expect(starts.filter((s) => s < '2027-03-02T11:00').map((s) => s.slice(11, 16))).toEqual([
        '08:00',
        '08:15',
        '08:30',
        '10:30',
        '10:45',
      ]);
    });

    it('turnover minutes are kept after each slot', () => {
      const withTurnover = aClinicCalendar({ turnoverMinutes: 15 });
      const starts = freeStarts(
        withTurnover,
        policy,
        [reservation('2027-03-02T09:15:00-05:00')],
        query,
      );
      // grid: 08:00, 09:15 (taken), 10:30, 11:45, 13:00, 14:15, 15:30 (ends 16:30 ≤ 17:00)
      expect(starts.map((s) => s.slice(11, 16))).toEqual([
        '08:00',
        '10:30',
        '11:45',
        '13:00',
        '14:15',
        '15:30',
      ]);
      // 08:00 + 60 + 15 turnover reaches 09:15 exactly: free (half-open spans).
    });

    it('nothing before now', () => {
      const starts = freeStarts(calendar, policy, [], {
        ...query,
        now: '2027-03-02T12:30:00-05:00',
      });
      expect(starts.map((s) => s.slice(11, 16))).toEqual(['13:00', '14:00', '15:00', '16:00']);
    });

    it('weekends are closed; dates are inclusive', () => {
      const starts = freeStarts(calendar, policy, [], {
        ...query,
        fromDate: '2027-03-05',
        toDate: '2027-03-08',
      });
      expect(new Set(starts.map((s) => s.slice(0, 10)))).toEqual(
        new Set(['2027-03-05', '2027-03-08']),
      );
    });

    it('March DST: Friday in EST, Monday in EDT, both 08:00–16:00 local', () => {
      const starts = freeStarts(calendar, policy, [], {
        ...query,
        fromDate: '2027-03-12',
        toDate: '2027-03-15',
      });
      expect(starts[0]).toBe('2027-03-12T08:00:00-05:00');
      expect(starts[8]).toBe('2027-03-12T16:00:00-05:00');
      expect(starts[9]).toBe('2027-03-15T08:00:00-04:00');
      expect(starts).toHaveLength(18);
    });

    it('November DST: Friday in EDT, Monday in EST', () => {
      const starts = freeStarts(calendar, policy, [], {
        ...query,
        fromDate: '2027-11-05',
        toDate: '2027-11-08',
      });
      expect(starts[0]).toBe('2027-11-05T08:00:00-04:00');
      expect(starts[9]).toBe('2027-11-08T08:00:00-05:00');
    });

    it('on the spring-forward day itself a clinic open 00:00–06:00 has 5 real hours', () => {
      const starts = freeStarts(sundayClinic('sunday'), policy, [], {
        ...query,
        fromDate: '2027-03-14',
        toDate: '2027-03-14',
        now: NOW,
      });
      expect(starts).toEqual([
        '2027-03-14T00:00:00-05:00',
        '2027-03-14T01:00:00-05:00',
        '2027-03-14T03:00:00-04:00',
        '2027-03-14T04:00:00-04:00',
        '2027-03-14T05:00:00-04:00',
      ]);
    });

    it('on the fall-back day a clinic open 00:00–06:00 has 7 real hours (01:00 twice)', () => {
      const starts = freeStarts(sundayClinic('sunday'), policy, [], {
        ...query,
        fromDate: '2027-11-07',
        toDate: '2027-11-07',
        now: NOW,
      });
      expect(starts).toEqual([
        '2027-11-07T00:00:00-04:00',
        '2027-11-07T01:00:00-04:00',
        '2027-11-07T01:00:00-05:00',
        '2027-11-07T02:00:00-05:00',
        '2027-11-07T03:00:00-05:00',
        '2027-11-07T04:00:00-05:00',
        '2027-11-07T05:00:00-05:00',
      ]);
    });

    it('two opening intervals a day (a lunch break)', () => {
      const split = aClinicCalendar({
        openingHours: {
          ...calendar.openingHours,
          tuesday: [
            { open: '13:00', close: '15:00' },
            { open: '08:00', close: '12:00' },
          ],
        },
      });
      const starts = freeStarts(split, policy, [reservation('2027-03-02T13:00:00-05:00')], query);
      expect(starts.map((s) => s.slice(11, 16))).toEqual([
        '08:00',
        '09:00',
        '10:00',
        '11:00',
        '14:00',
      ]);
    });

    it('refuses unknown resources, a reversed or too long range, a zero step', () => {
      expect(() => freeStarts(calendar, policy, [], { ...query, physicianId: 'dr-who' })).toThrow(
        expect.objectContaining({ code: 'unknown-physician' }),
      );
      expect(() => freeStarts(calendar, policy, [], { ...query, roomId: 'broom-closet' })).toThrow(
        expect.objectContaining({ code: 'unknown-room' }),
      );
      expect(() => freeStarts(calendar, policy, [], { ...query, fromDate: '2027-03-03' })).toThrow(
        expect.objectContaining({ code: 'availability-range' }),
      );
      expect(() =>
        freeStarts(calendar, policy, [], {
          ...query,
          fromDate: '2027-01-01',
          toDate: '2027-12-31',
        }),
      ).toThrow(expect.objectContaining({ code: 'availability-range' }));
      expect(() => freeStarts(calendar, policy, [], { ...query, stepMinutes: 0 })).toThrow(
        expect.objectContaining({ code: 'availability-range' }),
      );
      expect(() => freeStarts(calendar, policy, [], { ...query, fromDate: '2027-02-30' })).toThrow(
        expect.objectContaining({ code: 'invalid-date' }),
      );
    });

    it('8 weeks of a busy clinic is fast (budget 20 ms; asserted generously for a shared machine)', () => {
      const reservations: CalendarReservation[] = [];
      for (let day = 0; day < 56; day++) {
        const date = shifted('2027-03-01T08:00:00-05:00', { days: day }).slice(0, 10);
        for (let hour = 8; hour < 17; hour++) {
          if ((day + hour) % 4 === 0) continue; // some gaps
          for (const [physicianId, roomId] of [
            ['physician-1', 'fluoro-room-1'],
            ['physician-2', 'fluoro-room-2'],
          ]) {
            const start = at(date, `${String(hour).padStart(2, '0')}:00`);
            reservations.push(reservation(start, { physicianId, roomId }));
          }
        }
      }
      const eightWeeks = { ...query, fromDate: '2027-03-01', toDate: '2027-04-25', now: NOW };
      freeStarts(calendar, policy, reservations, eightWeeks); // warm up
      const times: number[] = [];
      let starts: string[] = [];
      for (let i = 0; i < 3; i++) {
        const t0 = process.hrtime.bigint();
        starts = freeStarts(calendar, policy, reservations, eightWeeks);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      expect(starts.length).toBeGreaterThan(50);
      expect(Math.min(...times)).toBeLessThan(200);
    });
  });

  describe('validation of the configured calendar', () => {
    const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(DEMO_CLINIC_CALENDAR));

    it('the demo calendar is valid and comes back equal', () => {
      expect(validateClinicCalendar(valid())).toEqual(DEMO_CLINIC_CALENDAR);
    });

    it('missing weekdays are closed; intervals come back sorted', () => {
      const input = valid();
      input.openingHours = {
        monday: [
          { open: '13:00', close: '17:00' },
          { open: '08:00', close: '12:00' },
        ],
      };
      const result = validateClinicCalendar(input);
      expect(result.openingHours.monday).toEqual([
        { open: '08:00', close: '12:00' },
        { open: '13:00', close: '17:00' },
      ]);
      expect(result.openingHours.sunday).toEqual([]);
    });

    it.each<[string, (c: Record<string, unknown>) => void, string]>([
      ['not an object', () => undefined, 'calendar'],
      ['no clinic name', (c) => (c.clinicName = ' '), 'clinicName'],
      ['an unknown zone', (c) => (c.timeZone = 'Mars/Olympus_Mons'), 'timeZone'],
      ['no opening hours', (c) => (c.openingHours = null), 'openingHours'],
      ['a weekday misspelt', (c) => (c.openingHours = { mondai: [] }), 'openingHours.mondai'],
      [
        'hours that are not a list',
        (c) => ((c.openingHours as Record<string, unknown>).monday = 'all day'),
        'openingHours.monday',
      ],
      [
        'an interval that is not an object',
        (c) => ((c.openingHours as Record<string, unknown>).monday = [1]),
        'openingHours.monday[0]',
      ],
      [
        'a time not HH:mm',
        (c) =>
          ((c.openingHours as Record<string, unknown>).monday = [{ open: '8:00', close: '17:00' }]),
        'openingHours.monday[0].open',
      ],
      [
        '24:00',
        (c) =>
          ((c.openingHours as Record<string, unknown>).monday = [
            { open: '08:00', close: '24:00' },
          ]),
        'openingHours.monday[0].close',
      ],
      [
        'open after close',
        (c) =>
          ((c.openingHours as Record<string, unknown>).monday = [
            { open: '17:00', close: '08:00' },
          ]),
        'openingHours.monday[0]',
      ],
      [
        'overlapping intervals',
        (c) =>
          ((c.openingHours as Record<string, unknown>).monday = [
            { open: '08:00', close: '12:00' },
            { open: '11:00', close: '15:00' },
          ]),
        'openingHours.monday',
      ],
      ['closed every day', (c) => (c.openingHours = {}), 'openingHours'],
      ['no physician', (c) => (c.physicians = []), 'physicians'],
      ['a physician that is not an object', (c) => (c.physicians = ['dr']), 'physicians[0]'],
      ['a room without a name', (c) => (c.rooms = [{ id: 'r1' }]), 'rooms[0].name'],
      [
        'two rooms with one id',
        (c) =>
          (c.rooms = [
            { id: 'r1', name: 'A' },
            { id: 'r1', name: 'B' },
          ]),
        'rooms[1].id',
      ],
      ['a negative turnover', (c) => (c.turnoverMinutes = -5), 'turnoverMinutes'],
      ['a fractional turnover', (c) => (c.turnoverMinutes = 2.5), 'turnoverMinutes'],
    ])('refuses %s, naming the field', (_what, mutate, field) => {
      const input = valid();
      mutate(input);
      const candidate = _what === 'not an object' ? 'calendar' : input;
      expect(() => validateClinicCalendar(candidate)).toThrow(expect.objectContaining({ field }));
    });
  });

  it('the demo clinic: New York, Monday–Friday 08:00–17:00, two physicians, two rooms, no turnover', () => {
    const demo: ClinicCalendar = DEMO_CLINIC_CALENDAR;
    expect(demo.timeZone).toBe('America/New_York');
    expect(demo.physicians).toHaveLength(2);
    expect(demo.rooms).toHaveLength(2);
    expect(demo.turnoverMinutes).toBe(0);
    expect(demo.openingHours.saturday).toEqual([]);
  });
});
