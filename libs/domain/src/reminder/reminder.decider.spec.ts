import type { ReminderEvent } from './reminder.events';
import {
  appointmentRemindersDecider as decider,
  reminderOccurrence,
  type AppointmentRemindersState,
} from './reminder.decider';
import type { ReminderCommand } from './reminder.commands';

const ref = {
  appointmentId: 'a1',
  seriesId: 's1',
  kind: 'appointment-reminder' as const,
  dueAt: '2027-03-01T09:00:00-05:00',
};
const now = '2027-03-01T09:00:01-05:00';

function given(events: ReminderEvent[]) {
  const state = events.reduce<AppointmentRemindersState>(decider.evolve, decider.initialState());
  return {
    state,
    when: (command: ReminderCommand) => ({
      then: (expected: ReminderEvent[]) => expect(decider.decide(command, state)).toEqual(expected),
    }),
  };
}

const claimed: ReminderEvent = {
  type: 'ReminderClaimed',
  data: { ...ref, claimId: 'c1', attempt: 1, claimedAt: now },
};
const sent: ReminderEvent = {
  type: 'ReminderSent',
  data: { ...ref, channel: 'sms', idempotencyKey: 'k', sentAt: now },
};

describe('appointment reminders decider', () => {
  it('given nothing, when a worker claims, then ReminderClaimed', () => {
    given([])
      .when({ type: 'ClaimReminder', data: { ...ref, claimId: 'c1', attempt: 1, now } })
      .then([claimed]);
  });

  it('given a claim without a result (a worker stopped mid-send), when another claims, then it may: the resend carries the same key', () => {
    const { state } = given([claimed]);
    expect(reminderOccurrence(state, 'appointment-reminder', ref.dueAt)).toMatchObject({
      status: 'claimed',
      claims: 1,
    });
    given([claimed])
      .when({ type: 'ClaimReminder', data: { ...ref, claimId: 'c2', attempt: 2, now } })
      .then([
        { type: 'ReminderClaimed', data: { ...ref, claimId: 'c2', attempt: 2, claimedAt: now } },
      ]);
  });

  it('given a sent reminder, then claiming, failing or skipping it again decides nothing', () => {
    const g = given([claimed, sent]);
    g.when({ type: 'ClaimReminder', data: { ...ref, claimId: 'c2', attempt: 2, now } }).then([]);
    g.when({
      type: 'RecordReminderSent',
      data: { ...ref, channel: 'sms', idempotencyKey: 'k', now },
    }).then([]);
    g.when({
      type: 'RecordReminderSkipped',
      data: { ...ref, reason: 'appointment-cancelled', now },
    }).then([]);
  });

  it('the same instant with another offset is the same occurrence', () => {
    given([claimed, sent])
      .when({
        type: 'ClaimReminder',
        data: { ...ref, dueAt: '2027-03-01T14:00:00Z', claimId: 'c3', attempt: 1, now },
      })
      .then([]);
  });

  it('given a final failure, then an admin retry may claim again; a sent one after it settles it', () => {
    const failed: ReminderEvent = {
      type: 'ReminderFailed',
      data: { ...ref, error: 'gateway answered 400', final: true, attempt: 1, failedAt: now },
    };
    const { state } = given([claimed, failed]);
    expect(reminderOccurrence(state, 'appointment-reminder', ref.dueAt)).toMatchObject({
      status: 'failed',
      finalFailure: true,
    });
    given([claimed, failed])
      .when({
        type: 'RecordReminderSent',
        data: { ...ref, channel: 'email', idempotencyKey: 'k', now },
      })
      .then([
        {
          type: 'ReminderSent',
          data: { ...ref, channel: 'email', idempotencyKey: 'k', sentAt: now },
        },
      ]);
  });

  it('a moved appointment is another occurrence: its reminder is not settled by the old one', () => {
    given([claimed, sent])
      .when({
        type: 'RecordReminderSkipped',
        data: { ...ref, dueAt: '2027-03-08T09:00:00-05:00', reason: 'appointment-cancelled', now },
      })
      .then([
        {
          type: 'ReminderSkipped',
          data: {
            ...ref,
            dueAt: '2027-03-08T09:00:00-05:00',
            reason: 'appointment-cancelled',
            skippedAt: now,
          },
        },
      ]);
  });
});

describe('appointment reminders state', () => {
  it('a sent reminder stays sent whatever arrives after it (late failure, skip or claim)', () => {
    const late: ReminderEvent[] = [
      {
        type: 'ReminderFailed',
        data: { ...ref, error: 'timeout', final: false, attempt: 2, failedAt: now },
      },
      { type: 'ReminderSkipped', data: { ...ref, reason: 'no-longer-planned', skippedAt: now } },
      { type: 'ReminderClaimed', data: { ...ref, claimId: 'c9', attempt: 3, claimedAt: now } },
    ];
    const { state } = given([claimed, sent, ...late]);
    expect(reminderOccurrence(state, 'appointment-reminder', ref.dueAt)).toMatchObject({
      status: 'sent',
      claims: 2,
    });
  });

  it('a transient failure is recorded and leaves the reminder open', () => {
    const g = given([claimed]);
    g.when({
      type: 'RecordReminderFailed',
      data: { ...ref, error: 'gateway answered 503', final: false, attempt: 1, now },
    }).then([
      {
        type: 'ReminderFailed',
        data: { ...ref, error: 'gateway answered 503', final: false, attempt: 1, failedAt: now },
      },
    ]);
    expect(reminderOccurrence(g.state, 'pain-check-day-7', ref.dueAt)).toBeNull();
  });
});
