import type { ReminderChannel } from '../shared/clinical-vocabulary';

/**
 * Facts of one patient, stream `Patient-<patientId>`. The patient id is derived from the MRN by
 * the application (a name-based UUID), so registering a duplicate MRN is an append to an existing
 * stream: the store's `no-stream` check makes MRNs unique without a second stream.
 */

export type PatientRegistered = {
  type: 'PatientRegistered';
  data: {
    patientId: string;
    mrn: string;
    givenName: string;
    familyName: string;
    birthDate: string;
    phone: string | null;
    email: string | null;
    /** IANA zone; null: the clinic's. */
    timeZone: string | null;
    registeredAt: string;
  };
};

export type ReminderPreferenceChanged = {
  type: 'ReminderPreferenceChanged';
  data: { patientId: string; channel: ReminderChannel; optedOut: boolean; changedAt: string };
};

export type PatientEvent = PatientRegistered | ReminderPreferenceChanged;

export const PATIENT_EVENT_TYPES: ReadonlyArray<PatientEvent['type']> = [
  'PatientRegistered',
  'ReminderPreferenceChanged',
];
