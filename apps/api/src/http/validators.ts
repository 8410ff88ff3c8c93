import { registerDecorator, type ValidationOptions } from 'class-validator';
import { IANAZone } from 'luxon';
import { isIsoDate } from '@app/domain';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * True for an ISO 8601 instant that carries its offset and exists on the calendar: a real day of
 * its month, 00:00–23:59:59 (or 24:00 exactly, the end of the day), an offset within ±23:59. By
 * hand (luxon builds a DateTime for it, on every request that carries an instant).
 */
export function isInstantWithOffset(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const fraction = match[7] === undefined ? 0 : Number(match[7]);
  const endOfDay = hour === 24 && minute === 0 && second === 0 && fraction === 0;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= new Date(Date.UTC(year, month, 0)).getUTCDate() &&
    (hour <= 23 || endOfDay) &&
    minute <= 59 &&
    second <= 59 &&
    (match[8] === undefined || (Number(match[8]) <= 23 && Number(match[9]) <= 59)) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** True for a YYYY-MM-DD date that exists (2027-02-30 does not). */
export function isCalendarDate(value: unknown): value is string {
  return isIsoDate(value);
}

/** An instant as docs/http-api.md writes them: ISO 8601 with an offset (2027-03-02T09:00:00-05:00). */
export function IsInstantWithOffset(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstantWithOffset',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an ISO 8601 instant with an offset, e.g. 2027-03-02T09:00:00-05:00`,
        ...options,
      },
      validator: { validate: isInstantWithOffset },
    });
}

/** A calendar date YYYY-MM-DD that exists. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an existing date written YYYY-MM-DD`,
        ...options,
      },
      validator: { validate: isCalendarDate },
    });
}

/** An IANA time zone the zone database knows (America/New_York). */
export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be an IANA time zone, e.g. America/New_York`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && IANAZone.isValidZone(value),
      },
    });
}
