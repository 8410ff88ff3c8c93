/**
 * A refusal by the domain. One subclass per refusal, with a stable kebab-case `code` and a `kind`
 * the HTTP layer maps to a status (not-found → 404, conflict → 409, rule → 422). `rule` names the
 * refusing clinical or scheduling rule (set on every `rule` error). Messages are whole sentences and
 * never carry patient data, so they can be logged and shown as they are.
 */
export type DomainErrorKind = 'not-found' | 'conflict' | 'rule';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  readonly rule?: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** True for any DomainError, also across module copies (checks the shape, not only the prototype). */
export function isDomainError(error: unknown): error is DomainError {
  if (error instanceof DomainError) return true;
  if (!(error instanceof Error)) return false;
  const candidate = error as Partial<DomainError>;
  return (
    typeof candidate.code === 'string' &&
    (candidate.kind === 'not-found' || candidate.kind === 'conflict' || candidate.kind === 'rule')
  );
}

/** An instant that is not ISO 8601 with an offset, or a calendar date that is not YYYY-MM-DD. */
export class InvalidInstantError extends DomainError {
  override readonly code = 'invalid-instant';
  override readonly kind = 'rule';
  override readonly rule = 'invalid-instant';
  constructor(readonly field: string) {
    super(`${field} must be an ISO 8601 instant with an offset (e.g. 2027-03-02T09:00:00-05:00).`);
  }
}

export class InvalidDateError extends DomainError {
  override readonly code = 'invalid-date';
  override readonly kind = 'rule';
  override readonly rule = 'invalid-date';
  constructor(readonly field: string) {
    super(`${field} must be a calendar date written YYYY-MM-DD.`);
  }
}

export class InvalidTimeZoneError extends DomainError {
  override readonly code = 'invalid-time-zone';
  override readonly kind = 'rule';
  override readonly rule = 'invalid-time-zone';
  constructor(readonly field: string) {
    super(`${field} must be an IANA time zone (e.g. America/New_York).`);
  }
}

/** A measurement or score outside its scale (pain 0–10, Aldrete 0–10, a temperature that is not a number…). */
export class InvalidMeasurementError extends DomainError {
  override readonly code = 'invalid-measurement';
  override readonly kind = 'rule';
  override readonly rule = 'invalid-measurement';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}.`);
  }
}

/** A start in the past: nothing is booked or moved into the past. */
export class InThePastError extends DomainError {
  override readonly code = 'in-the-past';
  override readonly kind = 'rule';
  override readonly rule = 'in-the-past';
  constructor() {
    super('The requested start is in the past.');
  }
}

/** Configuration (clinical policy, clinic calendar) that does not validate; names the field. */
export class InvalidConfigurationError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Invalid configuration: ${field} ${problem}.`);
    this.name = 'InvalidConfigurationError';
  }
}
