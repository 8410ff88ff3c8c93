import type { ClinicalPolicy } from '../policy/clinical-policy';
import { InvalidConfigurationError } from '../shared/domain-error';
import {
  WEEKDAYS,
  addDays,
  dateOfMillis,
  dayNumber,
  formatInstant,
  isValidTimeZone,
  toMillis,
  wallClockToMillis,
  weekdayOf,
  type Weekday,
} from '../shared/instant';
import {
  AvailabilityRangeError,
  OutsideOpeningHoursError,
  UnknownPhysicianError,
  UnknownRoomError,
} from './clinic-calendar.errors';

/** One opening interval of a weekday, wall-clock time in the clinic's zone, open < close. */
export interface OpeningInterval {
  open: string;
  close: string;
}

export interface ClinicResource {
  id: string;
  name: string;
}

/**
 * The clinic's bookable resources and hours. Opening hours are wall-clock times in `timeZone`, so a
 * clinic open 08:00–17:00 stays open 08:00–17:00 local on both sides of a DST change.
 */
export interface ClinicCalendar {
  clinicName: string;
  /** IANA time zone, e.g. America/New_York. */
  timeZone: string;
  openingHours: Record<Weekday, OpeningInterval[]>;
  physicians: ClinicResource[];
  rooms: ClinicResource[];
  /** Minutes a room (and its physician) stays unavailable after each slot. */
  turnoverMinutes: number;
}

/** A booked slot [start, end); instants in the clinic's offset. */
export interface Slot {
  start: string;
  end: string;
  clinicDate: string;
}

/** What availability and overlap checks need of a reservation. */
export interface CalendarReservation {
  physicianId: string;
  roomId: string;
  start: string;
  end: string;
}

export type SlotPolicy = Pick<ClinicalPolicy, 'roomSlotMinutes'>;

const MINUTE_MS = 60_000;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The demo clinic: America/New_York (so DST matters), Monday–Friday 08:00–17:00, two physicians and
 * two fluoroscopy rooms. Turnover 0: the 60-minute room slot already holds the needle time (under 30
 * minutes) and the room's preparation, so slots start on the hour, 08:00 to 16:00.
 */
export const DEMO_CLINIC_CALENDAR: ClinicCalendar = {
  clinicName: 'Demo Pain Clinic',
  timeZone: 'America/New_York',
  openingHours: {
    monday: [{ open: '08:00', close: '17:00' }],
    tuesday: [{ open: '08:00', close: '17:00' }],
    wednesday: [{ open: '08:00', close: '17:00' }],
    thursday: [{ open: '08:00', close: '17:00' }],
    friday: [{ open: '08:00', close: '17:00' }],
    saturday: [],
    sunday: [],
  },
  physicians: [
    { id: 'physician-1', name: 'Dr. Avery Chen' },
    { id: 'physician-2', name: 'Dr. Jordan Patel' },
  ],
  rooms: [
    { id: 'fluoro-room-1', name: 'Fluoroscopy Room 1' },
    { id: 'fluoro-room-2', name: 'Fluoroscopy Room 2' },
  ],
  turnoverMinutes: 0,
};

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidConfigurationError(field, 'must be a non-empty string');
  }
  return value;
}

function resources(value: unknown, field: string): ClinicResource[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidConfigurationError(field, 'must list at least one');
  }
  const seen = new Set<string>();
  return value.map((item, index) => {
    if (!isRecord(item))
      throw new InvalidConfigurationError(`${field}[${index}]`, 'must be an object');
    const id = nonEmptyString(item.id, `${field}[${index}].id`);
    const name = nonEmptyString(item.name, `${field}[${index}].name`);
    if (seen.has(id)) throw new InvalidConfigurationError(`${field}[${index}].id`, 'is not unique');
    seen.add(id);
    return { id, name };
  });
}

function openingIntervals(value: unknown, field: string): OpeningInterval[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidConfigurationError(field, 'must be an array');
  const intervals = value.map((item, index) => {
    const at = `${field}[${index}]`;
    if (!isRecord(item)) throw new InvalidConfigurationError(at, 'must be an object');
    for (const key of ['open', 'close'] as const) {
      if (typeof item[key] !== 'string' || !HH_MM.test(item[key])) {
        throw new InvalidConfigurationError(`${at}.${key}`, 'must be a time written HH:mm');
      }
    }
    const interval = { open: item.open as string, close: item.close as string };
    if (minutesOf(interval.open) >= minutesOf(interval.close)) {
      throw new InvalidConfigurationError(`${at}`, 'must open before it closes');
    }
    return interval;
  });
  const sorted = [...intervals].sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
  for (let i = 1; i < sorted.length; i++) {
    if (minutesOf(sorted[i].open) < minutesOf(sorted[i - 1].close)) {
      throw new InvalidConfigurationError(field, 'has overlapping intervals');
    }
  }
  return sorted;
}

/** Validates a clinic calendar from configuration; the error names the offending field. */
export function validateClinicCalendar(input: unknown): ClinicCalendar {
  if (!isRecord(input)) throw new InvalidConfigurationError('calendar', 'must be an object');
  const clinicName = nonEmptyString(input.clinicName, 'clinicName');
  if (!isValidTimeZone(input.timeZone)) {
    throw new InvalidConfigurationError('timeZone', 'must be an IANA time zone');
  }
  if (!isRecord(input.openingHours)) {
    throw new InvalidConfigurationError('openingHours', 'must be an object keyed by weekday');
  }
  const hours = input.openingHours;
  for (const key of Object.keys(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(key)) {
      throw new InvalidConfigurationError(`openingHours.${key}`, 'is not a weekday');
    }
  }
  const openingHours = Object.fromEntries(
    WEEKDAYS.map((day) => [day, openingIntervals(hours[day], `openingHours.${day}`)]),
  ) as Record<Weekday, OpeningInterval[]>;
  if (WEEKDAYS.every((day) => openingHours[day].length === 0)) {
    throw new InvalidConfigurationError('openingHours', 'must open on at least one weekday');
  }
  const turnover = input.turnoverMinutes;
  if (typeof turnover !== 'number' || !Number.isInteger(turnover) || turnover < 0) {
    throw new InvalidConfigurationError('turnoverMinutes', 'must be a whole number ≥ 0');
  }
  return {
    clinicName,
    timeZone: input.timeZone,
    openingHours,
    physicians: resources(input.physicians, 'physicians'),
    rooms: resources(input.rooms, 'rooms'),
    turnoverMinutes: turnover,
  };
}

/** The slot a booking at `start` occupies: [start, start + roomSlotMinutes), in the clinic's offset. */
export function slotOf(start: string, calendar: ClinicCalendar, policy: SlotPolicy): Slot {
  const startMs = toMillis(start, 'start');
  const endMs = startMs + policy.roomSlotMinutes * MINUTE_MS;
  return {
    start: formatInstant(startMs, calendar.timeZone),
    end: formatInstant(endMs, calendar.timeZone),
    clinicDate: dateOfMillis(startMs, calendar.timeZone),
  };
}

/** Opening intervals of one clinic date as epoch-millisecond pairs (DST-correct). */
export function openingIntervalsOn(
  date: string,
  calendar: ClinicCalendar,
): Array<{ openMs: number; closeMs: number }> {
  return calendar.openingHours[weekdayOf(date)]
    .map((interval) => ({
      openMs: wallClockToMillis(date, interval.open, calendar.timeZone),
      closeMs: wallClockToMillis(date, interval.close, calendar.timeZone),
    }))
    .sort((a, b) => a.openMs - b.openMs);
}

export function assertKnownResources(
  calendar: ClinicCalendar,
  physicianId: string,
  roomId: string,
): void {
  if (!calendar.physicians.some((p) => p.id === physicianId)) {
    throw new UnknownPhysicianError(physicianId);
  }
  if (!calendar.rooms.some((r) => r.id === roomId)) throw new UnknownRoomError(roomId);
}

/** OutsideOpeningHoursError unless the whole slot lies inside one opening interval of its date. */
export function assertWithinOpeningHours(slot: Slot, calendar: ClinicCalendar): void {
  const startMs = toMillis(slot.start, 'start');
  const endMs = toMillis(slot.end, 'end');
  const fits = openingIntervalsOn(slot.clinicDate, calendar).some(
    ({ openMs, closeMs }) => openMs <= startMs && endMs <= closeMs,
  );
  if (!fits) throw new OutsideOpeningHoursError();
}

/**
 * Two reservations collide when their occupied spans overlap; a span is [start, end + turnover):
 * the room is turned over after each slot, so the next slot may start only after it.
 */
export function occupiedSpan(
  reservation: Pick<CalendarReservation, 'start' | 'end'>,
  turnoverMinutes: number,
): { fromMs: number; toMs: number } {
  return {
    fromMs: toMillis(reservation.start, 'start'),
    toMs: toMillis(reservation.end, 'end') + turnoverMinutes * MINUTE_MS,
  };
}

export function spansOverlap(
  a: { fromMs: number; toMs: number },
  b: { fromMs: number; toMs: number },
): boolean {
  return a.fromMs < b.toMs && b.fromMs < a.toMs;
}

export interface FreeStartsQuery {
  physicianId: string;
  roomId: string;
  /** Clinic dates, inclusive. */
  fromDate: string;
  toDate: string;
  /** Starts before `now` are not offered. */
  now: string;
  /** Grid of candidate starts from each opening; default roomSlotMinutes + turnoverMinutes. */
  stepMinutes?: number;
}

/** The longest range GET /availability may ask for, in days: 8 weeks and a margin. */
export const AVAILABILITY_MAX_DAYS = 92;

/**
 * Starts where both the physician and the room are free for a whole slot, within opening hours and
 * not in the past, as ISO instants in the clinic's offset, in order. The reservations of the two
 * resources are merged into disjoint busy spans once (sorted), then every day's candidate grid is
 * walked with one pointer: O(n log n + candidates).
 */
export function freeStarts(
  calendar: ClinicCalendar,
  policy: SlotPolicy,
  reservations: ReadonlyArray<CalendarReservation>,
  query: FreeStartsQuery,
): string[] {
  assertKnownResources(calendar, query.physicianId, query.roomId);
  const firstDay = dayNumber(query.fromDate, 'fromDate');
  const lastDay = dayNumber(query.toDate, 'toDate');
  if (lastDay < firstDay || lastDay - firstDay + 1 > AVAILABILITY_MAX_DAYS) {
    throw new AvailabilityRangeError(AVAILABILITY_MAX_DAYS);
  }
  const nowMs = toMillis(query.now, 'now');
  const slotMs = policy.roomSlotMinutes * MINUTE_MS;
  const turnoverMs = calendar.turnoverMinutes * MINUTE_MS;
  const stepMs =
    (query.stepMinutes ?? policy.roomSlotMinutes + calendar.turnoverMinutes) * MINUTE_MS;
  if (!(stepMs > 0)) throw new AvailabilityRangeError(AVAILABILITY_MAX_DAYS);

  const busy = mergedBusySpans(reservations, query.physicianId, query.roomId, turnoverMs);
  const starts: string[] = [];
  let pointer = 0;
  for (let day = 0; day <= lastDay - firstDay; day++) {
    const date = addDays(query.fromDate, day);
    for (const { openMs, closeMs } of openingIntervalsOn(date, calendar)) {
      for (let startMs = openMs; startMs + slotMs <= closeMs; startMs += stepMs) {
        if (startMs < nowMs) continue;
        const toMs = startMs + slotMs + turnoverMs;
        // Busy spans are disjoint and sorted: those ending before this start never matter again.
        while (pointer < busy.length && busy[pointer].toMs <= startMs) pointer++;
        if (pointer < busy.length && busy[pointer].fromMs < toMs) continue;
        starts.push(formatInstant(startMs, calendar.timeZone));
      }
    }
  }
  return starts;
}

function mergedBusySpans(
  reservations: ReadonlyArray<CalendarReservation>,
  physicianId: string,
  roomId: string,
  turnoverMs: number,
): Array<{ fromMs: number; toMs: number }> {
  const spans = reservations
    .filter((r) => r.physicianId === physicianId || r.roomId === roomId)
    .map((r) => ({ fromMs: toMillis(r.start, 'start'), toMs: toMillis(r.end, 'end') + turnoverMs }))
    .sort((a, b) => a.fromMs - b.fromMs);
  const merged: Array<{ fromMs: number; toMs: number }> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, span.toMs);
    else merged.push({ ...span });
  }
  return merged;
}
