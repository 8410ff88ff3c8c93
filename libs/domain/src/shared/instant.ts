import { IANAZone } from 'luxon';
import { InvalidDateError, InvalidInstantError, InvalidTimeZoneError } from './domain-error';

/**
 * Instants travel as ISO 8601 strings with an offset and are compared as instants (epoch
 * milliseconds), never as strings: 09:00-05:00 and 14:00Z are the same instant. Calendar dates are
 * YYYY-MM-DD in the clinic's zone. The hot paths (availability) work on milliseconds and format by
 * hand, because luxon objects are slow to build by the thousand.
 */

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** Epoch milliseconds of an ISO 8601 instant with an offset; InvalidInstantError otherwise. */
export function toMillis(instant: string, field = 'instant'): number {
  if (!isIsoInstant(instant)) throw new InvalidInstantError(field);
  return Date.parse(instant);
}

export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  return zones.has(timeZone) || IANAZone.isValidZone(timeZone);
}

/**
 * Offsets of one zone, cached per UTC day. luxon asks Intl for every offset (tens of µs each) and
 * builds a formatter to validate a zone name (a fraction of a millisecond): availability over 8 weeks
 * would spend its whole budget there. A day with no change has one offset; a day with a change
 * (at most one per day in the tz database's present rules) stores the exact instant of the change.
 */
class ZoneOffsets {
  private readonly days = new Map<number, { before: number; after: number; changeMs: number }>();

  constructor(private readonly zone: IANAZone) {}

  /** Offset in minutes at an instant. */
  at(epochMs: number): number {
    const day = Math.floor(epochMs / DAY_MS);
    let entry = this.days.get(day);
    if (entry === undefined) {
      if (this.days.size > 20_000) this.days.clear();
      entry = this.compute(day);
      this.days.set(day, entry);
    }
    return epochMs < entry.changeMs ? entry.before : entry.after;
  }

  private compute(day: number): { before: number; after: number; changeMs: number } {
    let lo = day * DAY_MS;
    let hi = lo + DAY_MS - 1;
    const before = this.zone.offset(lo);
    const after = this.zone.offset(hi);
    if (before === after) return { before, after, changeMs: lo };
    // Binary search for the first millisecond with the new offset.
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (this.zone.offset(mid) === before) lo = mid;
      else hi = mid;
    }
    return { before, after, changeMs: hi };
  }
}

const zones = new Map<string, ZoneOffsets>();

function zoneOf(timeZone: string, field = 'timeZone'): ZoneOffsets {
  const known = zones.get(timeZone);
  if (known) return known;
  if (!isValidTimeZone(timeZone)) throw new InvalidTimeZoneError(field);
  const offsets = new ZoneOffsets(IANAZone.create(timeZone));
  zones.set(timeZone, offsets);
  return offsets;
}

/**
 * A zone's offset from UTC, in minutes, at an instant (the same answer as luxon's IANAZone, from
 * the per-day cache above). InvalidTimeZoneError for a zone the database does not know.
 */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  return zoneOf(timeZone).at(epochMs);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `2027-03-02T09:00:00-05:00`: the instant written in the zone's offset at that instant. */
export function formatInstant(epochMs: number, timeZone: string): string {
  const offset = zoneOf(timeZone).at(epochMs);
  const local = new Date(epochMs + offset * MINUTE_MS);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const ms = local.getUTCMilliseconds();
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    (ms === 0 ? '' : `.${pad(ms, 3)}`) +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The same instant, rewritten in the clinic's offset. */
export function inZone(instant: string, timeZone: string, field = 'instant'): string {
  return formatInstant(toMillis(instant, field), timeZone);
}

/** The clinic's calendar date (YYYY-MM-DD) of an instant given as epoch milliseconds. */
export function dateOfMillis(epochMs: number, timeZone: string): string {
  const offset = zoneOf(timeZone).at(epochMs);
  const local = new Date(epochMs + offset * MINUTE_MS);
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

/** The clinic's calendar date (YYYY-MM-DD) of an instant. */
export function clinicDateOf(instant: string, timeZone: string): string {
  return dateOfMillis(toMillis(instant), timeZone);
}

function dateParts(date: string, field: string): { year: number; month: number; day: number } {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (!match) throw new InvalidDateError(field);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new InvalidDateError(field);
  }
  return { year, month, day };
}

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    dateParts(value, 'date');
    return true;
  } catch {
    return false;
  }
}

/** Day number since the epoch of a calendar date: differences between dates in whole days. */
export function dayNumber(date: string, field = 'date'): number {
  const { year, month, day } = dateParts(date, field);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function addDays(date: string, days: number): string {
  const d = new Date((dayNumber(date) + days) * DAY_MS);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export function weekdayOf(date: string): Weekday {
  // 1970-01-01 was a Thursday (index 3 from Monday).
  const index = (((dayNumber(date) + 3) % 7) + 7) % 7;
  return WEEKDAYS[index];
}

/**
 * Epoch milliseconds of a wall-clock time ('HH:mm') on a clinic date, deterministically: a time
 * that occurs twice (fall-back) is its first occurrence; a time that does not exist (skipped by a
 * spring-forward change) moves forward by the gap (02:30 → 03:30). luxon's own answer for a
 * repeated time depends on the current date, so it is not used here.
 */
export function wallClockToMillis(date: string, time: string, timeZone: string): number {
  const { year, month, day } = dateParts(date, 'date');
  const [hour, minute] = time.split(':').map(Number);
  const offsets = zoneOf(timeZone);
  const local = Date.UTC(year, month - 1, day, hour, minute);
  const offsetBefore = offsets.at(local - DAY_MS);
  const candidates = [offsetBefore, offsets.at(local), offsets.at(local + DAY_MS)]
    .map((offset) => local - offset * MINUTE_MS)
    .filter((utc) => local - offsets.at(utc) * MINUTE_MS === utc);
  return candidates.length > 0 ? Math.min(...candidates) : local - offsetBefore * MINUTE_MS;
}

const OFFSET_SUFFIX = /(?:Z|([+-])(\d{2}):(\d{2}))$/;

/** Minutes east of UTC written at the end of an ISO 8601 instant (`Z` → 0). */
function writtenOffsetMinutes(instant: string): number {
  const match = OFFSET_SUFFIX.exec(instant)!;
  if (match[1] === undefined) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Epoch milliseconds of an instant moved by calendar months, then days, in the instant's own
 * offset, as luxon's `plus` does: the day of the month is clamped to the target month's length
 * (31 January + 1 month is 28 or 29 February). By hand, because luxon asks Intl for offsets on
 * every step and this runs in every booking's cap check.
 */
export function shiftInstant(instant: string, by: { months?: number; days?: number }): number {
  const offsetMs = writtenOffsetMinutes(instant) * MINUTE_MS;
  const local = new Date(toMillis(instant) + offsetMs);
  const year = local.getUTCFullYear();
  const monthIndex = local.getUTCMonth() + Math.trunc(by.months ?? 0);
  const targetYear = year + Math.floor(monthIndex / 12);
  const targetMonth = ((monthIndex % 12) + 12) % 12;
  const day =
    Math.min(local.getUTCDate(), daysInMonth(targetYear, targetMonth)) + Math.trunc(by.days ?? 0);
  return (
    Date.UTC(
      targetYear,
      targetMonth,
      day,
      local.getUTCHours(),
      local.getUTCMinutes(),
      local.getUTCSeconds(),
      local.getUTCMilliseconds(),
    ) - offsetMs
  );
}
