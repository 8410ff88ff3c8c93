import { DateTime, type DurationLikeObject } from 'luxon';

/**
 * A clock for tests: it moves only when told. Instants are written in the clinic's zone
 * (America/New_York by default) so expectations read like the clinic's calendar.
 */
export class FixedClock {
  private current: DateTime;

  constructor(
    start = '2027-03-01T08:00:00-05:00',
    readonly timeZone = 'America/New_York',
  ) {
    this.current = parse(start, timeZone);
  }

  now(): string {
    return write(this.current);
  }

  /** Moves forward by a duration (days: calendar days in the zone; hours/minutes: elapsed time). */
  advance(by: DurationLikeObject): string {
    this.current = this.current.plus(by);
    return this.now();
  }

  /** Jumps to an ISO instant, or to a clinic date and wall-clock time ('2027-03-14', '09:00'). */
  set(instantOrDate: string, time?: string): string {
    this.current =
      time === undefined
        ? parse(instantOrDate, this.timeZone)
        : DateTime.fromISO(`${instantOrDate}T${time}`, { zone: this.timeZone });
    return this.now();
  }
}

export function fixedClock(start?: string, timeZone?: string): FixedClock {
  return new FixedClock(start, timeZone);
}

/** An instant on a clinic date at a wall-clock time, in the zone's offset of that day. */
export function at(date: string, time: string, timeZone = 'America/New_York'): string {
  return write(DateTime.fromISO(`${date}T${time}`, { zone: timeZone }));
}

/** The instant moved by a duration, written in the zone (days are calendar days there). */
export function shifted(
  instant: string,
  by: DurationLikeObject,
  timeZone = 'America/New_York',
): string {
  return write(parse(instant, timeZone).plus(by));
}

function parse(instant: string, timeZone: string): DateTime {
  const parsed = DateTime.fromISO(instant, { zone: timeZone });
  if (!parsed.isValid) throw new Error(`Not an ISO instant: ${instant}`);
  return parsed;
}

function write(value: DateTime): string {
  return value.toISO({ suppressMilliseconds: true })!;
}
