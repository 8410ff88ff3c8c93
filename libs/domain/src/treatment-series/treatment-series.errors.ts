import { DomainError } from '../shared/domain-error';

export class SeriesNotFoundError extends DomainError {
  override readonly code = 'series-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('The treatment series does not exist.');
  }
}

export class SeriesAlreadyExistsError extends DomainError {
  override readonly code = 'series-already-exists';
  override readonly kind = 'conflict';
  constructor() {
    super('A treatment series with this id already exists.');
  }
}

/** Booking, moving, checking in or referring needs an open series (not closed; not referred). */
export class SeriesNotOpenError extends DomainError {
  override readonly code = 'series-not-open';
  override readonly kind = 'conflict';
  constructor(readonly status: string) {
    super(`The treatment series is ${status}: no block can be booked or changed in it.`);
  }
}

/** One block at a time: no booking while another block of the series is booked and not done. */
export class BlockAlreadyBookedError extends DomainError {
  override readonly code = 'block-already-booked';
  override readonly kind = 'conflict';
  constructor() {
    super('Another block of this series is booked and not done yet.');
  }
}

/** Closing or referring while a block is booked or checked in: cancel or perform it first. */
export class BlockStillBookedError extends DomainError {
  override readonly code = 'block-still-booked';
  override readonly kind = 'conflict';
  constructor() {
    super('A block of this series is still booked: cancel or perform it first.');
  }
}

export class MinIntervalError extends DomainError {
  override readonly code = 'min-interval';
  override readonly kind = 'rule';
  override readonly rule = 'min-interval';
  constructor(
    readonly minIntervalDays: number,
    /** The first clinic date on which the block may be booked after the previous one. */
    readonly earliestDate: string,
  ) {
    super(
      `Blocks of a series must be at least ${minIntervalDays} days apart; the earliest date is ${earliestDate}.`,
    );
  }
}

export class InitialSeriesCapError extends DomainError {
  override readonly code = 'initial-series-cap';
  override readonly kind = 'rule';
  override readonly rule = 'initial-series-cap';
  constructor(readonly maxBlocks: number) {
    super(
      `The initial series allows at most ${maxBlocks} blocks (a bilateral block counts as two); a physician may override the cap with a reason.`,
    );
  }
}

export class YearlyCapError extends DomainError {
  override readonly code = 'yearly-cap';
  override readonly kind = 'rule';
  override readonly rule = 'yearly-cap';
  constructor(readonly maxBlocks: number) {
    super(
      `At most ${maxBlocks} blocks are allowed in 12 months (technical failures count, a bilateral block counts as two); a physician may override the cap with a reason.`,
    );
  }
}

export class SeriesAlreadyClosedError extends DomainError {
  override readonly code = 'series-already-closed';
  override readonly kind = 'conflict';
  constructor() {
    super('The treatment series is already closed.');
  }
}

/** The block was performed on a side other than the series' side. */
export class SideMismatchError extends DomainError {
  override readonly code = 'side-mismatch';
  override readonly kind = 'rule';
  override readonly rule = 'side-mismatch';
  constructor() {
    super('The block side must be the side of its treatment series.');
  }
}

/** A reason is required (closing a series, cancelling a block, overriding a cap). */
export class ReasonRequiredError extends DomainError {
  override readonly code = 'reason-required';
  override readonly kind = 'rule';
  override readonly rule = 'reason-required';
  constructor(readonly what: string) {
    super(`A reason is required to ${what}.`);
  }
}

export class InvalidIcd10Error extends DomainError {
  override readonly code = 'invalid-icd10';
  override readonly kind = 'rule';
  override readonly rule = 'invalid-icd10';
  constructor() {
    super('The ICD-10-CM code is not well formed (e.g. G90.521).');
  }
}
