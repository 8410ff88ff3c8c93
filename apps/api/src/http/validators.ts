import { registerDecorator, type ValidationOptions } from 'class-validator';
import { DateTime, IANAZone } from 'luxon';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for an ISO 8601 instant that carries its offset and exists on the calendar. */
export function isInstantWithOffset(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    INSTANT.test(value) &&
    DateTime.fromISO(value, { setZone: true }).isValid
  );
}

/** True for a YYYY-MM-DD date that exists (2027-02-30 does not). */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && DATE.test(value) && DateTime.fromISO(value).isValid;
}

/** An instant as API.md writes them: ISO 8601 with an offset (2027-03-02T09:00:00-05:00). */
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
