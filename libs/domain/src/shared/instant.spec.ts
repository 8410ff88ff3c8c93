import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addDays,
  clinicDateOf,
  dayNumber,
  formatInstant,
  inZone,
  isIsoDate,
  isIsoInstant,
  isValidTimeZone,
  shiftInstant,
  toMillis,
  wallClockToMillis,
  weekdayOf,
} from './instant';
import { isDomainError, InvalidInstantError } from './domain-error';

describe('instants and clinic dates', () => {
  it('accepts ISO 8601 instants with an offset only', () => {
    expect(isIsoInstant('2027-03-02T09:00:00-05:00')).toBe(true);
    expect(isIsoInstant('2027-03-02T14:00Z')).toBe(true);
    expect(isIsoInstant('2027-03-02T14:00:00.123456Z')).toBe(true);
    expect(isIsoInstant('2027-03-02T09:00:00')).toBe(false); // no offset: ambiguous
    expect(isIsoInstant('March 2, 2027')).toBe(false);
    expect(isIsoInstant('2027-13-02T09:00:00Z')).toBe(false);
    expect(isIsoInstant(20270302)).toBe(false);
  });

  it('compares instants as instants: 09:00-05:00 is 14:00Z', () => {
    expect(toMillis('2027-03-02T09:00:00-05:00')).toBe(toMillis('2027-03-02T14:00:00Z'));
    expect(() => toMillis('soon', 'start')).toThrow(InvalidInstantError);
    expect(() => toMillis('soon', 'start')).toThrow('start must be an ISO 8601 instant');
  });

  it('rewrites an instant in the clinic offset', () => {
    expect(inZone('2027-03-02T14:00:00Z', 'America/New_York')).toBe('2027-03-02T09:00:00-05:00');
    expect(inZone('2027-07-02T14:00:00Z', 'America/New_York')).toBe('2027-07-02T10:00:00-04:00');
    expect(inZone('2027-07-02T14:00:00Z', 'Asia/Kolkata')).toBe('2027-07-02T19:30:00+05:30');
    expect(inZone('2027-07-02T14:00:00Z', 'UTC')).toBe('2027-07-02T14:00:00+00:00');
    expect(() => inZone('2027-07-02T14:00:00Z', 'Nowhere/Land')).toThrow(
      expect.objectContaining({ code: 'invalid-time-zone' }),
    );
  });

  it('dates: validity, arithmetic and weekdays', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-2-1')).toBe(false);
    expect(isIsoDate(null)).toBe(false);
    expect(addDays('2027-02-27', 2)).toBe('2027-03-01');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
    expect(dayNumber('2027-03-16') - dayNumber('2027-03-09')).toBe(7);
    expect(weekdayOf('2027-03-02')).toBe('tuesday');
    expect(weekdayOf('2027-03-14')).toBe('sunday');
    expect(weekdayOf('1969-12-29')).toBe('monday');
    expect(() => dayNumber(undefined as never)).toThrow(
      expect.objectContaining({ code: 'invalid-date' }),
    );
    expect(() => dayNumber('2027-02-30', 'fromDate')).toThrow(
      expect.objectContaining({ code: 'invalid-date', field: 'fromDate' }),
    );
  });

  it('wall-clock times on DST days are deterministic', () => {
    const ny = 'America/New_York';
    // Spring forward: 02:30 does not exist → 03:30 EDT.
    expect(formatInstant(wallClockToMillis('2027-03-14', '02:30', ny), ny)).toBe(
      '2027-03-14T03:30:00-04:00',
    );
    expect(formatInstant(wallClockToMillis('2027-03-14', '03:00', ny), ny)).toBe(
      '2027-03-14T03:00:00-04:00',
    );
    // Fall back: 01:30 happens twice → the first (EDT).
    expect(formatInstant(wallClockToMillis('2027-11-07', '01:30', ny), ny)).toBe(
      '2027-11-07T01:30:00-04:00',
    );
    expect(formatInstant(wallClockToMillis('2027-11-07', '02:00', ny), ny)).toBe(
      '2027-11-07T02:00:00-05:00',
    );
  });

  it('shifts by calendar days and months in the instant’s own offset', () => {
    expect(shiftInstant('2027-03-02T09:00:00-05:00', { months: -12 })).toBe(
      toMillis('2026-03-02T09:00:00-05:00'),
    );
    expect(shiftInstant('2027-03-02T09:00:00-05:00', { days: 7 })).toBe(
      toMillis('2027-03-09T09:00:00-05:00'),
    );
  });

  it('clamps the day of the month like a calendar does', () => {
    expect(shiftInstant('2027-03-31T09:00:00-04:00', { months: -1 })).toBe(
      toMillis('2027-02-28T09:00:00-04:00'),
    );
    expect(shiftInstant('2028-02-29T09:00:00Z', { months: -12 })).toBe(
      toMillis('2027-02-28T09:00:00Z'),
    );
    expect(shiftInstant('2027-12-31T23:30:00+05:30', { months: 2, days: 1 })).toBe(
      toMillis('2028-03-01T23:30:00+05:30'),
    );
  });

  it('property: shifting agrees with luxon’s plus in the instant’s own offset', () => {
    const offsets = ['Z', '-05:00', '-04:00', '+05:30', '+13:45', '-09:30', '+00:00'];
    fc.assert(
      fc.property(
        fc.integer({ min: 946_684_800, max: 2_208_988_800 }),
        fc.constantFrom(...offsets),
        fc.integer({ min: -36, max: 36 }),
        fc.integer({ min: -400, max: 400 }),
        (seconds, offset, months, days) => {
          const instant = DateTime.fromMillis(seconds * 1000, {
            zone: offset === 'Z' ? 'utc' : `UTC${offset}`,
          }).toISO({ suppressMilliseconds: true })!;
          expect(shiftInstant(instant, { months, days })).toBe(
            DateTime.fromISO(instant, { setZone: true }).plus({ months, days }).toMillis(),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('recognises IANA zones', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('EST5EDT-nope')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(42)).toBe(false);
  });

  it('recognises domain errors by shape', () => {
    expect(isDomainError(new InvalidInstantError('now'))).toBe(true);
    expect(
      isDomainError(Object.assign(new Error('x'), { code: 'slot-taken', kind: 'conflict' })),
    ).toBe(true);
    expect(isDomainError(Object.assign(new Error('x'), { code: 'x', kind: 'other' }))).toBe(false);
    expect(isDomainError({ code: 'slot-taken', kind: 'conflict' })).toBe(false);
  });

  describe('property: the cached offsets agree with luxon', () => {
    const zones = [
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
      'America/Santiago',
    ];
    // 2000–2040, millisecond instants.
    const instant = fc.integer({ min: 946_684_800_000, max: 2_208_988_800_000 });

    it('formatInstant writes what luxon writes', () => {
      fc.assert(
        fc.property(instant, fc.constantFrom(...zones), (ms, zone) => {
          const ours = formatInstant(ms, zone);
          const luxon = DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true });
          expect(ours).toBe(luxon);
          expect(toMillis(ours)).toBe(ms);
          expect(clinicDateOf(ours, zone)).toBe(DateTime.fromMillis(ms, { zone }).toISODate());
        }),
        { numRuns: 500 },
      );
    });

    it('around every DST change: a minute before and after each transition', () => {
      const transitions: Array<[string, number]> = [];
      for (const zone of zones) {
        let previous = DateTime.fromMillis(1_800_000_000_000, { zone }).offset;
        for (let h = 0; h < 24 * 365 * 2; h++) {
          const ms = 1_800_000_000_000 + h * 3_600_000;
          const offset = DateTime.fromMillis(ms, { zone }).offset;
          if (offset !== previous) transitions.push([zone, ms]);
          previous = offset;
        }
      }
      expect(transitions.length).toBeGreaterThan(10);
      for (const [zone, ms] of transitions) {
        for (const delta of [-3_600_000, -60_000, -1, 0, 1, 60_000]) {
          expect(formatInstant(ms + delta, zone)).toBe(
            DateTime.fromMillis(ms + delta, { zone }).toISO({ suppressMilliseconds: true }),
          );
        }
      }
    });
  });
});
