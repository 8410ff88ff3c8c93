import type { ReminderChannel } from '../shared/clinical-vocabulary';

/** Commands of one patient (stream Patient-<patientId>; the id is derived from the MRN). */
export type RegisterPatient = {
  type: 'RegisterPatient';
  data: {
    patientId: string;
    mrn: string;
    givenName: string;
    familyName: string;
    /** YYYY-MM-DD */
    birthDate: string;
    phone: string | null;
    email: string | null;
    /** IANA zone; null: the clinic's. */
    timeZone: string | null;
    now: string;
  };
};

/** Opting out (or back in) of reminders on one channel; no change emits nothing. */
export type ChangeReminderPreference = {
  type: 'ChangeReminderPreference';
  data: { patientId: string; channel: ReminderChannel; optedOut: boolean; now: string };
};

export type PatientCommand = RegisterPatient | ChangeReminderPreference;

export const PATIENT_COMMAND_TYPES: ReadonlyArray<PatientCommand['type']> = [
  'RegisterPatient',
  'ChangeReminderPreference',
];
