import { DomainError } from '../shared/domain-error';

export class PatientNotFoundError extends DomainError {
  override readonly code = 'patient-not-found';
  override readonly kind = 'not-found';
  constructor() {
    super('The patient does not exist.');
  }
}

/** The patient id is derived from the MRN: registering it twice is a duplicate MRN. */
export class DuplicateMrnError extends DomainError {
  override readonly code = 'duplicate-mrn';
  override readonly kind = 'conflict';
  constructor() {
    super('A patient with this MRN is already registered.');
  }
}

export class InvalidPatientDataError extends DomainError {
  override readonly code = 'invalid-patient-data';
  override readonly kind = 'rule';
  override readonly rule = 'invalid-patient-data';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}.`);
  }
}
