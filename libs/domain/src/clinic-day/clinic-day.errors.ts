import { DomainError } from '../shared/domain-error';

/** The physician or the room already holds an overlapping reservation (turnover included). */
export class SlotTakenError extends DomainError {
  override readonly code = 'slot-taken';
  override readonly kind = 'conflict';
  constructor(readonly resource: 'physician' | 'room') {
    super(
      resource === 'physician'
        ? 'The physician is already booked at that time.'
        : 'The fluoroscopy room is already booked at that time.',
    );
  }
}

export class ReservationNotFoundError extends DomainError {
  override readonly code = 'reservation-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('No reservation of this appointment exists on that clinic day.');
  }
}

/**
 * A retried request (same Idempotency-Key) whose first attempt was interrupted after reserving: the
 * reservation has been released since (the booking reconciler gave it back), so going on would book
 * or move a block onto a slot nobody holds. Nothing is written; a new request (a new key) may try again.
 */
export class ReservationReleasedError extends DomainError {
  override readonly code = 'reservation-released';
  override readonly kind = 'conflict';
  constructor() {
    super(
      'This request was interrupted before it finished and the slot it had reserved has been released since: the block is not booked or moved there (if it was confirmed meanwhile, it is cancelled). Send it again with a new Idempotency-Key.',
    );
  }
}

/** A command sent to the stream of another clinic date than the slot's (an application bug). */
export class WrongClinicDayError extends DomainError {
  override readonly code = 'wrong-clinic-day';
  override readonly kind = 'rule';
  override readonly rule = 'wrong-clinic-day';
  constructor(
    readonly streamDate: string,
    readonly slotDate: string,
  ) {
    super(`The slot falls on ${slotDate}, not on the clinic day ${streamDate}.`);
  }
}
