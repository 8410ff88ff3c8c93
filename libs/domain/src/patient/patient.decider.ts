import type { Decider } from '../decider';
import type { ReminderChannel } from '../shared/clinical-vocabulary';
import { clinicDateOf, dayNumber, isIsoDate, isValidTimeZone, toMillis } from '../shared/instant';
import type { ChangeReminderPreference, PatientCommand, RegisterPatient } from './patient.commands';
import { DuplicateMrnError, InvalidPatientDataError, PatientNotFoundError } from './patient.errors';
import type { PatientEvent, PatientRegistered } from './patient.events';

/** A patient (stream Patient-<patientId>, the id derived from the MRN): registration and opt-outs. */

export type PatientState =
  | { status: 'unregistered' }
  | (Omit<PatientRegistered['data'], 'registeredAt'> & {
      status: 'registered';
      registeredAt: string;
      /** Channels the patient opted out of: no reminders there. */
      optedOut: Record<ReminderChannel, boolean>;
    });

export const initialPatientState = (): PatientState => ({ status: 'unregistered' });

export function evolvePatient(state: PatientState, event: PatientEvent): PatientState {
  switch (event.type) {
    case 'PatientRegistered':
      return { ...event.data, status: 'registered', optedOut: { sms: false, email: false } };
    case 'ReminderPreferenceChanged':
      if (state.status !== 'registered') return state;
      return {
        ...state,
        optedOut: { ...state.optedOut, [event.data.channel]: event.data.optedOut },
      };
    default: {
      const unknown: never = event;
      return ignore(state, unknown);
    }
  }
}

function ignore(state: PatientState, _event: never): PatientState {
  return state;
}

export function decidePatient(command: PatientCommand, state: PatientState): PatientEvent[] {
  toMillis(command.data.now, 'now');
  switch (command.type) {
    case 'RegisterPatient':
      return registerPatient(command, state);
    case 'ChangeReminderPreference':
      return changeReminderPreference(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

export function registerPatient(command: RegisterPatient, state: PatientState): PatientEvent[] {
  const { data } = command;
  if (state.status !== 'unregistered') throw new DuplicateMrnError();
  for (const field of ['mrn', 'givenName', 'familyName'] as const) {
    if (data[field].trim() === '') throw new InvalidPatientDataError(field, 'must not be empty');
  }
  if (!isIsoDate(data.birthDate)) {
    throw new InvalidPatientDataError('birthDate', 'must be a date written YYYY-MM-DD');
  }
  if (dayNumber(data.birthDate) > dayNumber(clinicDateOf(data.now, 'UTC'))) {
    throw new InvalidPatientDataError('birthDate', 'must not be in the future');
  }
  if (data.timeZone !== null && !isValidTimeZone(data.timeZone)) {
    throw new InvalidPatientDataError('timeZone', 'must be an IANA time zone');
  }
  return [
    {
      type: 'PatientRegistered',
      data: {
        patientId: data.patientId,
        mrn: data.mrn,
        givenName: data.givenName,
        familyName: data.familyName,
        birthDate: data.birthDate,
        phone: data.phone,
        email: data.email,
        timeZone: data.timeZone,
        registeredAt: data.now,
      },
    },
  ];
}

export function changeReminderPreference(
  command: ChangeReminderPreference,
  state: PatientState,
): PatientEvent[] {
  const { data } = command;
  if (state.status !== 'registered') throw new PatientNotFoundError();
  if (state.optedOut[data.channel] === data.optedOut) return [];
  return [
    {
      type: 'ReminderPreferenceChanged',
      data: {
        patientId: state.patientId,
        channel: data.channel,
        optedOut: data.optedOut,
        changedAt: data.now,
      },
    },
  ];
}

export const patientDecider: Decider<PatientCommand, PatientState, PatientEvent> = {
  initialState: initialPatientState,
  evolve: evolvePatient,
  decide: decidePatient,
};
