import {
  changeReminderPreferenceCommand,
  given,
  patientRegistered,
  registerPatientCommand,
  reminderPreferenceChanged,
} from '@app/testing';
import { patientDecider as patient } from './patient.decider';

describe('a patient', () => {
  it('the front desk registers a patient', () => {
    given(patient, []).when(registerPatientCommand()).then([patientRegistered()]);
  });

  it('with their own time zone', () => {
    given(patient, [])
      .when(registerPatientCommand({ timeZone: 'America/Chicago', phone: null, email: null }))
      .then([patientRegistered({ timeZone: 'America/Chicago', phone: null, email: null })]);
  });

  it('a second registration of the same MRN (same derived id) → duplicate-mrn', () => {
    given(patient, [patientRegistered()])
      .when(registerPatientCommand())
      .thenThrows('duplicate-mrn');
  });

  it.each([
    ['an empty MRN', { mrn: ' ' }],
    ['an empty given name', { givenName: '' }],
    ['an empty family name', { familyName: '' }],
    ['a birth date that is not a date', { birthDate: '1970-02-30' }],
    ['a birth date in the future', { birthDate: '2030-01-01' }],
    ['an unknown time zone', { timeZone: 'Moon/Base' }],
  ])('refuses %s', (_what, data) => {
    given(patient, []).when(registerPatientCommand(data)).thenThrows('invalid-patient-data');
  });

  it('opting out of SMS reminders, and back in', () => {
    given(patient, [patientRegistered()])
      .when(changeReminderPreferenceCommand())
      .then([reminderPreferenceChanged()]);
    const state = given(patient, [patientRegistered(), reminderPreferenceChanged()])
      .when(changeReminderPreferenceCommand({ optedOut: false }))
      .stateAfter();
    expect(state).toMatchObject({ status: 'registered', optedOut: { sms: false, email: false } });
  });

  it('no change, no event', () => {
    given(patient, [patientRegistered()])
      .when(changeReminderPreferenceCommand({ channel: 'email', optedOut: false }))
      .thenNothingHappens();
    given(patient, [patientRegistered(), reminderPreferenceChanged()])
      .when(changeReminderPreferenceCommand())
      .thenNothingHappens();
  });

  it('preferences of an unknown patient → patient-not-found', () => {
    given(patient, []).when(changeReminderPreferenceCommand()).thenThrows('patient-not-found');
  });

  it('evolve ignores a preference before registration and unknown events', () => {
    expect(patient.evolve(patient.initialState(), reminderPreferenceChanged())).toEqual({
      status: 'unregistered',
    });
    const state = given(patient, [patientRegistered()]).state;
    expect(patient.evolve(state, { type: 'Unknown', data: {} } as never)).toEqual(state);
  });

  it('decide refuses an unknown command and a `now` that is not an instant', () => {
    expect(() =>
      patient.decide(
        { type: 'Nope', data: { now: '2027-01-01T00:00:00Z' } } as never,
        patient.initialState(),
      ),
    ).toThrow('Unknown command Nope');
    given(patient, [])
      .when(registerPatientCommand({ now: 'today' }))
      .thenThrows('invalid-instant');
  });
});
