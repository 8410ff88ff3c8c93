import { DEFAULT_CLINICAL_POLICY, type Classification, type Intent } from '@app/domain';
import {
  foldPatientReminderState,
  foldSeriesReminderState,
  planSeriesReminders,
  reminderPatientOf,
  seriesOutlookFor,
  type ReminderSourceEvent,
} from './reminder-facts';

const clinic = { name: 'Riverside Pain Clinic', timeZone: 'America/New_York' };

function opened(intent: Intent): ReminderSourceEvent {
  return {
    type: 'SeriesOpened',
    data: {
      seriesId: 's1',
      patientId: 'p1',
      indication: 'crps-1',
      icd10: null,
      side: 'left',
      intent,
      rehabilitationProgramme: false,
      policy: DEFAULT_CLINICAL_POLICY,
      openedAt: '2027-02-01T09:00:00-05:00',
    },
  };
}

function booked(id: string, date: string): ReminderSourceEvent {
  return {
    type: 'BlockBooked',
    data: {
      seriesId: 's1',
      appointmentId: id,
      blockNumber: 1,
      physicianId: 'dr',
      roomId: 'room',
      start: `${date}T09:00:00-05:00`,
      end: `${date}T10:00:00-05:00`,
      clinicDate: date,
      sedation: true,
      anticoagulant: null,
      bookedAt: '2027-02-01T10:00:00-05:00',
    },
  };
}

function performedAndJudged(
  id: string,
  date: string,
  classification: Classification,
): ReminderSourceEvent[] {
  return [
    {
      type: 'BlockPerformed',
      data: { seriesId: 's1', appointmentId: id, performedAt: `${date}T09:40:00-05:00` },
    },
    {
      type: 'BlockOutcomeRecorded',
      data: {
        seriesId: 's1',
        appointmentId: id,
        technicalSuccess: classification !== 'technical-failure',
        classification,
      },
      metadata: { recordedAt: `${date}T09:45:00-05:00` },
    },
    {
      type: 'PatientDischarged',
      data: {
        seriesId: 's1',
        appointmentId: id,
        disposition: 'home',
        dischargedAt: `${date}T11:00:00-05:00`,
      },
    },
  ];
}

describe('series facts for reminders', () => {
  it('given a positive prognostic block, then the next block is due from the outcome, earliest 7 days later', () => {
    const state = foldSeriesReminderState([
      opened('prognostic'),
      booked('a1', '2027-03-02'),
      ...performedAndJudged('a1', '2027-03-02', 'positive'),
    ]);
    expect(seriesOutlookFor(state, 'a1')).toEqual({
      repeatOrNextBlockDue: true,
      laterBlockBooked: false,
      earliestNextBlockDate: '2027-03-09',
      dueSince: '2027-03-02T09:45:00-05:00',
    });
  });

  it('given a follow-up recorded later, then "since" does not move (the reminder keeps its instant)', () => {
    const state = foldSeriesReminderState([
      opened('prognostic'),
      booked('a1', '2027-03-02'),
      ...performedAndJudged('a1', '2027-03-02', 'positive'),
      {
        type: 'FollowUpRecorded',
        data: {
          seriesId: 's1',
          appointmentId: 'a1',
          daysAfter: 1,
          painScore: 3,
          reliefLastedHours: 8,
          recordedAt: '2027-03-03T10:00:00-05:00',
        },
      },
    ]);
    expect(seriesOutlookFor(state, 'a1').dueSince).toBe('2027-03-02T09:45:00-05:00');
  });

  it('given the next block booked, then book-next-block goes; cancelled again, it returns from the cancellation', () => {
    const base = [
      opened('therapeutic'),
      booked('a1', '2027-03-02'),
      ...performedAndJudged('a1', '2027-03-02', 'positive'),
      booked('a2', '2027-03-16'),
    ];
    const withLater = foldSeriesReminderState(base);
    expect(seriesOutlookFor(withLater, 'a1')).toMatchObject({
      repeatOrNextBlockDue: false,
      laterBlockBooked: true,
    });
    const cancelled = foldSeriesReminderState([
      ...base,
      {
        type: 'BlockCancelled',
        data: {
          seriesId: 's1',
          appointmentId: 'a2',
          reason: 'patient',
          cancelledAt: '2027-03-10T12:00:00-05:00',
        },
      },
    ]);
    expect(seriesOutlookFor(cancelled, 'a1')).toMatchObject({
      repeatOrNextBlockDue: true,
      laterBlockBooked: false,
      dueSince: '2027-03-10T12:00:00-05:00',
    });
  });

  it.each<[string, Intent, Classification[], boolean]>([
    ['a technical failure is repeated', 'diagnostic', ['technical-failure'], true],
    [
      'two technical failures in a row go to physician review',
      'diagnostic',
      ['technical-failure', 'technical-failure'],
      false,
    ],
    ['a positive diagnostic block answers the question', 'diagnostic', ['positive'], false],
    [
      'a second positive prognostic block means referral, not another block',
      'prognostic',
      ['positive', 'positive'],
      false,
    ],
    ['partial relief goes to physician review', 'therapeutic', ['partial'], false],
    ['no relief stops the series', 'therapeutic', ['not-sympathetically-mediated'], false],
    [
      'the initial-series cap (3 blocks) goes to physician review',
      'therapeutic',
      ['positive', 'positive', 'positive'],
      false,
    ],
  ])('%s', (_, intent, outcomes, due) => {
    const dates = ['2027-03-02', '2027-03-09', '2027-03-16'];
    const events = [opened(intent)];
    outcomes.forEach((c, i) =>
      events.push(booked(`a${i}`, dates[i]), ...performedAndJudged(`a${i}`, dates[i], c)),
    );
    const state = foldSeriesReminderState(events);
    expect(seriesOutlookFor(state, `a${outcomes.length - 1}`).repeatOrNextBlockDue).toBe(due);
  });

  it('given a closed series, then no next block is due', () => {
    const state = foldSeriesReminderState([
      opened('therapeutic'),
      booked('a1', '2027-03-02'),
      ...performedAndJudged('a1', '2027-03-02', 'positive'),
      {
        type: 'SeriesClosed',
        data: { seriesId: 's1', reason: 'done', closedAt: '2027-03-03T09:00:00-05:00' },
      },
    ]);
    expect(state.nextBlockDue).toBeNull();
  });

  it('given a rescheduled block, then it is planned from the new start and the reschedule instant', () => {
    const series = foldSeriesReminderState([
      opened('diagnostic'),
      booked('a1', '2027-03-02'),
      {
        type: 'BlockRescheduled',
        data: {
          seriesId: 's1',
          appointmentId: 'a1',
          physicianId: 'dr',
          roomId: 'room',
          start: '2027-03-09T13:00:00-05:00',
          end: '2027-03-09T14:00:00-05:00',
          clinicDate: '2027-03-09',
          previousStart: '2027-03-02T09:00:00-05:00',
          previousClinicDate: '2027-03-02',
          rescheduledAt: '2027-02-20T10:00:00-05:00',
        },
      },
    ]);
    const patient = foldPatientReminderState([
      {
        type: 'PatientRegistered',
        data: {
          patientId: 'p1',
          mrn: 'm',
          givenName: 'g',
          familyName: 'f',
          birthDate: '1970-01-01',
          phone: '+15550100',
          email: null,
          timeZone: null,
          registeredAt: '2027-01-01T00:00:00Z',
        },
      },
    ]);
    const plans = planSeriesReminders({
      series,
      patient,
      clinic,
      defaultPolicy: DEFAULT_CLINICAL_POLICY,
      now: '2027-02-20T10:00:01-05:00',
    });
    expect(plans.get('a1')!.map((r) => [r.kind, r.dueAt])).toEqual([
      ['pre-procedure-call', '2027-03-06T13:00:00-05:00'],
      ['appointment-reminder', '2027-03-08T13:00:00-05:00'],
      ['fasting-and-escort', '2027-03-08T18:00:00-05:00'],
    ]);
  });
});

describe('patient facts for reminders', () => {
  const registered: ReminderSourceEvent = {
    type: 'PatientRegistered',
    data: {
      patientId: 'p1',
      mrn: 'm',
      givenName: 'g',
      familyName: 'f',
      birthDate: '1970-01-01',
      phone: '+15550100',
      email: 'p@example.test',
      timeZone: 'America/Chicago',
      registeredAt: '2027-01-01T00:00:00Z',
    },
  };
  const pref = (channel: string, optedOut: boolean): ReminderSourceEvent => ({
    type: 'ReminderPreferenceChanged',
    data: { patientId: 'p1', channel, optedOut, changedAt: '2027-01-02T00:00:00Z' },
  });

  it('given a phone and an email, then both channels, in the patient zone', () => {
    expect(reminderPatientOf(foldPatientReminderState([registered]))).toEqual({
      timeZone: 'America/Chicago',
      channels: ['sms', 'email'],
      optedOut: [],
    });
  });

  it('given an opt-out of sms then back in, and out of email, then only email is opted out', () => {
    const state = foldPatientReminderState([
      registered,
      pref('sms', true),
      pref('email', true),
      pref('sms', false),
    ]);
    expect(state.optedOut).toEqual(['email']);
  });
});
