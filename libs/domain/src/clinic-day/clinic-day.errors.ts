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
