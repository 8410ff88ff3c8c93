import { PatientNotFoundError, patientDecider } from '@app/domain';
import {
  changeReminderPreferenceCommand,
  patientRegistered,
  registerPatientCommand,
  reminderPreferenceChanged,
} from './builders';
import { fixedClock, at, shifted } from './fixed-clock';
import { given } from './given-when-then';
import { seriesStory } from './series-story';

describe('given/when/then', () => {
  it('then: the decided events', () => {
    given(patientDecider, []).when(registerPatientCommand()).then([patientRegistered()]);
  });

  it('then fails with the refusal when decide throws', () => {
    expect(() =>
      given(patientDecider, []).when(changeReminderPreferenceCommand()).then([]),
    ).toThrow('Expected decide to return events, but it threw [patient-not-found]');
  });

  it('thenThrows: by code or by class; fails when nothing is thrown or the code differs', () => {
    const when = given(patientDecider, []).when(changeReminderPreferenceCommand());
    when.thenThrows('patient-not-found');
    when.thenThrows(PatientNotFoundError);
    expect(() => when.thenThrows('duplicate-mrn')).toThrow();
    expect(() =>
      given(patientDecider, []).when(registerPatientCommand()).thenThrows('duplicate-mrn'),
    ).toThrow('Expected decide to throw code duplicate-mrn, but it returned');
    expect(() =>
      given(patientDecider, []).when(registerPatientCommand()).thenThrows(PatientNotFoundError),
    ).toThrow('Expected decide to throw PatientNotFoundError');
  });

  it('state, events() and stateAfter()', () => {
    const spec = given(patientDecider, [patientRegistered()]);
    expect(spec.state).toMatchObject({ status: 'registered' });
    const when = spec.when(changeReminderPreferenceCommand());
    expect(when.events()).toEqual([reminderPreferenceChanged()]);
    expect(when.stateAfter()).toMatchObject({ optedOut: { sms: true } });
  });
});

describe('fixed clock', () => {
  it('moves only when told, in the clinic zone, across DST', () => {
    const clock = fixedClock('2027-03-13T09:00:00-05:00');
    expect(clock.now()).toBe('2027-03-13T09:00:00-05:00');
    expect(clock.advance({ days: 1 })).toBe('2027-03-14T09:00:00-04:00');
    expect(clock.advance({ hours: 1 })).toBe('2027-03-14T10:00:00-04:00');
    expect(clock.set('2027-11-08', '08:00')).toBe('2027-11-08T08:00:00-05:00');
    expect(clock.set('2027-11-08T13:00:00Z')).toBe('2027-11-08T08:00:00-05:00');
    expect(() => clock.set('whenever')).toThrow('Not an ISO instant');
    expect(fixedClock().now()).toBe('2027-03-01T08:00:00-05:00');
  });

  it('at and shifted', () => {
    expect(at('2027-03-15', '08:00')).toBe('2027-03-15T08:00:00-04:00');
    expect(shifted('2027-03-09T09:00:00-05:00', { days: 7 })).toBe('2027-03-16T09:00:00-04:00');
  });
});

describe('series story', () => {
  it('tells a series as consistent events', () => {
    const story = seriesStory({ intent: 'therapeutic' })
      .blockDone('positive', { reliefLastedHours: 24 })
      .booked()
      .rescheduled('2027-03-10T10:00:00-05:00');
    expect(story.events.map((e) => e.type)).toEqual([
      'SeriesOpened',
      'BlockBooked',
      'PatientCheckedIn',
      'BlockPerformed',
      'BlockOutcomeRecorded',
      'PatientDischarged',
      'FollowUpRecorded',
      'BlockBooked',
      'BlockRescheduled',
    ]);
    expect(story.block).toEqual({
      appointmentId: 'appointment-2',
      start: '2027-03-10T10:00:00-05:00',
      clinicDate: '2027-03-10',
    });
    expect(story.nextStart()).toBe('2027-03-17T10:00:00-04:00');
    expect(() => seriesStory().block).toThrow('book a block first');
  });
});
