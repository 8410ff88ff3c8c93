import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isCalendarDate, isInstantWithOffset } from './validators';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

describe('instant and date validators', () => {
  it('accept instants with an offset that exist, refuse the rest', () => {
    for (const valid of [
      '2027-03-02T09:00:00-05:00',
      '2027-03-02T14:00Z',
      '2028-02-29T09:00:00.123+05:30',
      '2027-03-02T24:00:00Z',
    ]) {
      expect(isInstantWithOffset(valid)).toBe(true);
    }
    for (const invalid of [
      '2027-02-30T09:00:00Z',
      '2027-02-29T09:00:00Z',
      '2027-13-01T09:00:00Z',
      '2027-03-02T09:00:00',
      '2027-03-02T24:30:00Z',
      '2027-03-02T23:60:00Z',
      '2027-03-02T23:59:60Z',
      '2027-03-02T09:00:00+24:00',
      '2027-03-02T09:00:00+05:60',
      '2027-03-02 09:00:00Z',
      '',
      42,
      null,
    ]) {
      expect(isInstantWithOffset(invalid)).toBe(false);
    }
  });

  it('property: the same verdict as luxon for offsets within ±23:59', () => {
    const near = (min: number, max: number) => fc.integer({ min, max });
    fc.assert(
      fc.property(
        fc.record({
          year: near(1900, 2100),
          month: near(0, 13),
          day: near(0, 32),
          hour: near(0, 25),
          minute: near(0, 60),
          second: fc.option(near(0, 60)),
          fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
          offset: fc.option(
            fc.record({ sign: fc.constantFrom('+', '-'), h: near(0, 23), m: near(0, 59) }),
          ),
        }),
        ({ year, month, day, hour, minute, second, fraction, offset }) => {
          const time =
            `${pad(hour)}:${pad(minute)}` +
            (second === null ? '' : `:${pad(second)}${fraction === null ? '' : `.${fraction}`}`);
          const zone = offset === null ? 'Z' : `${offset.sign}${pad(offset.h)}:${pad(offset.m)}`;
          const value = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}${zone}`;
          expect(isInstantWithOffset(value)).toBe(
            DateTime.fromISO(value, { setZone: true }).isValid,
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('calendar dates exist', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-2-28')).toBe(false);
  });
});
