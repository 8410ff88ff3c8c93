import { type DateTime } from 'luxon';

/**
 * Quiet hours ("HH:mm".."HH:mm", patient's local time; the range may wrap midnight, as the default
 * 21:00–08:00 does). Start inclusive, end exclusive: 21:00 is quiet, 08:00 is not.
 */
export interface QuietHours {
  start: string;
  end: string;
}

function minutesOf(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`quiet hours must be "HH:mm", got "${hhmm}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function localMinutes(at: DateTime): number {
  return at.hour * 60 + at.minute;
}

export function isInQuietHours(at: DateTime, quiet: QuietHours): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const t = localMinutes(at);
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** The local calendar day on which the quiet period containing `at` began. */
function quietPeriodStartDay(at: DateTime, quiet: QuietHours): DateTime {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const wraps = start > end;
  // In a wrapping range, the early-morning part belongs to the period that began the evening before.
  const day = at.startOf('day');
  return wraps && localMinutes(at) < end ? day.minus({ days: 1 }) : day;
}

function atLocalTime(day: DateTime, hhmm: string): DateTime {
  const minutes = minutesOf(hhmm);
  return day.set({
    hour: Math.floor(minutes / 60),
    minute: minutes % 60,
    second: 0,
    millisecond: 0,
  });
}

/**
 * Moves an instant inside quiet hours EARLIER, to the last allowed minute before they began
 * (quiet start − 1 minute, e.g. 20:59:00 local), so a reminder is never later than planned.
 * Instants outside quiet hours are returned unchanged.
 */
export function moveBeforeQuietHours(at: DateTime, quiet: QuietHours): DateTime {
  if (!isInQuietHours(at, quiet)) return at;
  return atLocalTime(quietPeriodStartDay(at, quiet), quiet.start).minus({ minutes: 1 });
}

/** The first allowed instant at or after `at`: the end of the quiet period containing it. */
export function nextAllowedInstant(at: DateTime, quiet: QuietHours): DateTime {
  if (!isInQuietHours(at, quiet)) return at;
  const startDay = quietPeriodStartDay(at, quiet);
  const wraps = minutesOf(quiet.start) > minutesOf(quiet.end);
  return atLocalTime(wraps ? startDay.plus({ days: 1 }) : startDay, quiet.end);
}
