import {
  DEFAULT_CLINICAL_POLICY,
  recommendNextStep,
  type ClinicalPolicy,
  type Intent,
} from '@app/domain';
import { aClinicalPolicy, patientRegistered, seriesStory, type SeriesStory } from '@app/testing';
import {
  foldPatientReminderState,
  foldSeriesReminderState,
  planSeriesReminders,
  reminderPatientOf,
  seriesOutlookFor,
  type ReminderSourceEvent,
} from './reminder-facts';

const clinic = { name: 'Riverside Pain Clinic', timeZone: 'America/New_York' };

/** The series' facts as the reminders fold them, and the domain's recommendation of the same events. */
function folded(story: SeriesStory) {
  return {
    facts: foldSeriesReminderState(story.events),
    recommendation: recommendNextStep(story.state()),
  };
}

/** The last booked block's appointment id in a story (appointment-<n>). */
const last = (story: SeriesStory) => story.block.appointmentId;

describe('series facts for reminders', () => {
  it('given a positive prognostic block, then the next block is due from the outcome, earliest 7 days later', () => {
    const story = seriesStory({ intent: 'prognostic' }).blockDone('positive');
    const { facts, recommendation } = folded(story);
    expect(recommendation?.action).toBe('continue-series');
    expect(seriesOutlookFor(facts, last(story))).toEqual({
      repeatOrNextBlockDue: true,
      laterBlockBooked: false,
      earliestNextBlockDate: '2027-03-09',
      dueSince: '2027-03-02T09:30:00-05:00',
    });
  });

  it('given the outcome recorded with its own instant, then the next block is due from it', () => {
    const story = seriesStory({ intent: 'prognostic' }).blockDone('positive');
    const events: ReminderSourceEvent[] = story.events.map((e) =>
      e.type === 'BlockOutcomeRecorded'
        ? { ...e, metadata: { recordedAt: '2027-03-02T09:45:00-05:00' } }
        : e,
    );
    expect(seriesOutlookFor(foldSeriesReminderState(events), 'appointment-1').dueSince).toBe(
      '2027-03-02T09:45:00-05:00',
    );
  });

  it('given a follow-up recorded later, then "since" does not move (the reminder keeps its instant)', () => {
    const story = seriesStory({ intent: 'prognostic' })
      .blockDone('positive')
      .followUp({ daysAfter: 1, reliefLastedHours: 8 });
    expect(seriesOutlookFor(folded(story).facts, last(story)).dueSince).toBe(
      '2027-03-02T09:30:00-05:00',
    );
  });

  it('given the next block booked, then book-next-block goes; cancelled again, it returns from the cancellation', () => {
    const story = seriesStory({ intent: 'therapeutic' }).blockDone('positive').booked();
    expect(seriesOutlookFor(folded(story).facts, 'appointment-1')).toMatchObject({
      repeatOrNextBlockDue: false,
      laterBlockBooked: true,
    });
    story.cancelled();
    expect(seriesOutlookFor(folded(story).facts, 'appointment-1')).toMatchObject({
      repeatOrNextBlockDue: true,
      laterBlockBooked: false,
      // the story cancels two days before the block's start (9 March)
      dueSince: '2027-03-07T09:00:00-05:00',
    });
  });

  type Case = [
    string,
    {
      intent: Intent;
      policy?: Partial<ClinicalPolicy>;
      side?: 'bilateral';
      rehabilitationProgramme?: boolean;
    },
    (s: SeriesStory) => SeriesStory,
    string,
    boolean,
  ];
  it.each<Case>([
    [
      'a technical failure is repeated',
      { intent: 'diagnostic' },
      (s) => s.blockDone('technical-failure'),
      'technical-failure-repeat',
      true,
    ],
    [
      'two technical failures in a row go to physician review',
      { intent: 'diagnostic' },
      (s) => s.blockDone('technical-failure').blockDone('technical-failure'),
      'repeated-technical-failure',
      false,
    ],
    [
      'a positive diagnostic block answers the question',
      { intent: 'diagnostic' },
      (s) => s.blockDone('positive'),
      'diagnostic-question-answered',
      false,
    ],
    [
      'a second positive prognostic block means referral, not another block',
      { intent: 'prognostic' },
      (s) => s.blockDone('positive').blockDone('positive'),
      'prognostic-positive-blocks',
      false,
    ],
    [
      'partial relief goes to physician review',
      { intent: 'therapeutic' },
      (s) => s.blockDone('partial'),
      'partial-relief',
      false,
    ],
    [
      'no relief stops the series',
      { intent: 'therapeutic' },
      (s) => s.blockDone('not-sympathetically-mediated'),
      'not-sympathetically-mediated',
      false,
    ],
    [
      'the initial-series cap (3 blocks) goes to physician review',
      { intent: 'therapeutic' },
      (s) =>
        s
          .blockDone('positive', { reliefLastedHours: 8 })
          .blockDone('positive', { reliefLastedHours: 16 })
          .blockDone('positive', { reliefLastedHours: 24 }),
      'initial-series-cap',
      false,
    ],
    // The four points on which the reminders' former copy of the rules disagreed with the domain:
    [
      'a bilateral block counts as two toward the initial-series cap',
      { intent: 'therapeutic', side: 'bilateral' },
      (s) => s.blockDone('positive'),
      'initial-series-cap',
      false,
    ],
    [
      'a technical failure does not count toward the initial-series cap',
      { intent: 'therapeutic' },
      (s) =>
        s
          .blockDone('technical-failure')
          .blockDone('positive', { reliefLastedHours: 8 })
          .blockDone('positive', { reliefLastedHours: 24 }),
      'therapeutic-relief-lengthening',
      true,
    ],
    [
      'prognostic positive blocks count in a row, not in total',
      { intent: 'prognostic', rehabilitationProgramme: true },
      (s) => s.blockDone('positive').blockDone('partial').blockDone('positive'),
      'prognostic-confirmation',
      true,
    ],
    [
      'an unknown relief duration goes to physician review, not to the patient',
      { intent: 'therapeutic' },
      (s) => s.blockDone('positive').blockDone('positive'),
      'therapeutic-relief-duration-unknown',
      false,
    ],
  ])('%s', (_, opened, tell, rule, due) => {
    const { policy, ...rest } = opened;
    const story = tell(seriesStory({ ...rest, policy: aClinicalPolicy(policy) }));
    const { facts, recommendation } = folded(story);
    expect(recommendation?.rule).toBe(rule);
    expect(seriesOutlookFor(facts, last(story)).repeatOrNextBlockDue).toBe(due);
  });

  it('given a closed series, then no next block is due', () => {
    const story = seriesStory({ intent: 'therapeutic' }).blockDone('positive').closed();
    expect(folded(story).facts.nextBlockDue).toBeNull();
  });

  it('given a series opened before the follow-up days were policy keys, then it replays with the defaults', () => {
    const { firstFollowUpDay, secondFollowUpDay, followUpGraceDays, ...oldPolicy } =
      DEFAULT_CLINICAL_POLICY;
    const story = seriesStory({ policy: oldPolicy as ClinicalPolicy }).blockDone('positive');
    const facts = folded(story).facts;
    expect(facts.policy).toMatchObject({ firstFollowUpDay, secondFollowUpDay, followUpGraceDays });
    const plans = planSeriesReminders({
      series: facts,
      patient: foldPatientReminderState([registered(null)]),
      clinic,
      defaultPolicy: DEFAULT_CLINICAL_POLICY,
      now: '2027-03-02T12:00:00-05:00',
    });
    expect(plans.get('appointment-1')!.map((r) => [r.kind, r.dueAt])).toEqual(
      expect.arrayContaining([
        ['pain-check-day-7', '2027-03-09T10:00:00-05:00'],
        ['pain-check-day-28', '2027-03-30T10:00:00-04:00'],
      ]),
    );
  });

  it('given a rescheduled block, then it is planned from the new start and the reschedule instant', () => {
    const story = seriesStory({ intent: 'diagnostic' })
      .booked()
      .rescheduled('2027-03-09T13:00:00-05:00');
    const plans = planSeriesReminders({
      series: folded(story).facts,
      patient: foldPatientReminderState([registered(null)]),
      clinic,
      defaultPolicy: DEFAULT_CLINICAL_POLICY,
      // the story moves the block three days before its first start
      now: '2027-02-27T09:00:01-05:00',
    });
    expect(plans.get('appointment-1')!.map((r) => [r.kind, r.dueAt])).toEqual([
      ['pre-procedure-call', '2027-03-06T13:00:00-05:00'],
      ['appointment-reminder', '2027-03-08T13:00:00-05:00'],
      ['fasting-and-escort', '2027-03-08T18:00:00-05:00'],
    ]);
  });
});

function registered(timeZone: string | null): ReminderSourceEvent {
  return patientRegistered({ patientId: 'p1', email: null, timeZone });
}

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
