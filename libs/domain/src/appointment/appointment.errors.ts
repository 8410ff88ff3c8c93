import { DomainError } from '../shared/domain-error';
import type { AppointmentStatus } from '../shared/clinical-vocabulary';

export class AppointmentNotFoundError extends DomainError {
  override readonly code = 'appointment-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('The appointment does not exist in this treatment series.');
  }
}

/** Every lifecycle step only from the step before it (booked → checked-in → performed → discharged). */
export class InvalidTransitionError extends DomainError {
  override readonly code = 'invalid-transition';
  override readonly kind = 'conflict';
  constructor(
    readonly from: AppointmentStatus,
    readonly to: AppointmentStatus,
  ) {
    super(`An appointment that is ${from} cannot become ${to}.`);
  }
}

/** Check-in, procedure and discharge happen on the appointment's clinic date. */
export class NotAppointmentDayError extends DomainError {
  override readonly code = 'not-appointment-day';
  override readonly kind = 'rule';
  override readonly rule = 'not-appointment-day';
  constructor(readonly appointmentDate: string) {
    super(`This can only be done on the appointment's day (${appointmentDate}, clinic time).`);
  }
}

/** A no-show is recorded only once the appointment's start has passed. */
export class NoShowTooEarlyError extends DomainError {
  override readonly code = 'no-show-too-early';
  override readonly kind = 'rule';
  override readonly rule = 'no-show-too-early';
  constructor() {
    super('A no-show can only be recorded after the appointment start.');
  }
}

export class EscortRequiredError extends DomainError {
  override readonly code = 'escort-required';
  override readonly kind = 'rule';
  override readonly rule = 'escort-required';
  constructor() {
    super('A sedated patient needs an adult escort to drive them home: no escort, no procedure.');
  }
}

export class FastingNotConfirmedError extends DomainError {
  override readonly code = 'fasting-not-confirmed';
  override readonly kind = 'rule';
  override readonly rule = 'fasting-not-confirmed';
  constructor() {
    super('Fasting must be confirmed before a block under sedation.');
  }
}

export class AnticoagulantNotHeldError extends DomainError {
  override readonly code = 'anticoagulant-not-held';
  override readonly kind = 'rule';
  override readonly rule = 'anticoagulant-not-held';
  constructor() {
    super('The anticoagulant was not held as required: the block must be deferred.');
  }
}

export class DischargeCriteriaNotMetError extends DomainError {
  override readonly code = 'discharge-criteria-not-met';
  override readonly kind = 'rule';
  override readonly rule = 'discharge-criteria-not-met';
  constructor(readonly unmet: string[]) {
    super(`Same-day discharge home needs ${unmet.join(', ')}.`);
  }
}

/** Discharge home only after the policy's recovery observation since the block. */
export class RecoveryNotCompleteError extends DomainError {
  override readonly code = 'recovery-not-complete';
  override readonly kind = 'rule';
  override readonly rule = 'recovery-not-complete';
  constructor(
    readonly recoveryMinutes: number,
    readonly earliestDischarge: string,
  ) {
    super(
      `Discharge home comes after ${recoveryMinutes} minutes of recovery observation, not before ${earliestDischarge}.`,
    );
  }
}

/** The appointment id is already used in this series for another slot or step. */
export class AppointmentAlreadyExistsError extends DomainError {
  override readonly code = 'appointment-already-exists';
  override readonly kind = 'conflict';
  constructor() {
    super('An appointment with this id already exists in the series.');
  }
}

/** Follow-ups are recorded only for a block that was performed. */
export class BlockNotPerformedError extends DomainError {
  override readonly code = 'block-not-performed';
  override readonly kind = 'conflict';
  constructor(readonly status: AppointmentStatus) {
    super(`The block is ${status}, not performed: there is nothing to follow up.`);
  }
}
