import { DomainError } from '../shared/domain-error';

export class UnknownPhysicianError extends DomainError {
  override readonly code = 'unknown-physician';
  override readonly kind = 'rule';
  override readonly rule = 'unknown-physician';
  constructor(readonly physicianId: string) {
    super('The physician is not on the clinic calendar.');
  }
}

export class UnknownRoomError extends DomainError {
  override readonly code = 'unknown-room';
  override readonly kind = 'rule';
  override readonly rule = 'unknown-room';
  constructor(readonly roomId: string) {
    super('The fluoroscopy room is not on the clinic calendar.');
  }
}

/** The whole slot [start, start + roomSlotMinutes) must fit inside one opening interval. */
export class OutsideOpeningHoursError extends DomainError {
  override readonly code = 'outside-opening-hours';
  override readonly kind = 'rule';
  override readonly rule = 'outside-opening-hours';
  constructor() {
    super('The slot does not fit inside the clinic opening hours of that day.');
  }
}

export class AvailabilityRangeError extends DomainError {
  override readonly code = 'availability-range';
  override readonly kind = 'rule';
  override readonly rule = 'availability-range';
  constructor(readonly maxDays: number) {
    super(`Availability is searched over 1 to ${maxDays} days, from a date not after the to date.`);
  }
}
