import { DEFAULT_CLINICAL_POLICY, streams, type ReminderKind } from '@app/domain';
import { NotifierPermanentError, NotifierTransientError } from '../notifier/notifier.errors';
import { reminderIdempotencyKey } from '../planner/reminder.planner';
import { InMemoryReminderQueue } from '../testing/in-memory-reminder-queue';
import { RecordingNotifier } from '../testing/recording-notifier';
import { ReminderScenario, tempEventStore } from '../testing/reminder-scenario';
import {
  ReminderFinalError,
  ReminderRetryError,
  SendReminderProcessor,
  type SendReminderJob,
} from './send-reminder.processor';

const clinic = { name: 'Riverside Pain Clinic', timeZone: 'America/New_York', phone: '555-0100' };
const START = '2027-03-02T09:00:00-05:00';
const REMINDER_DUE = '2027-03-01T09:00:00-05:00';

describe('SendReminderProcessor (SQLite event store)', () => {
  let env: ReturnType<typeof tempEventStore>;
  let scenario: ReminderScenario;
  let queue: InMemoryReminderQueue;
  let notifier: RecordingNotifier;
  let now: Date;

  const processor = (options: { claimTimeoutMs?: number } = {}) =>
    new SendReminderProcessor(env.store, queue, notifier, {
      clinic,
      defaultPolicy: DEFAULT_CLINICAL_POLICY,
      clock: () => now,
      ...options,
    });

  const job = (
    ids: { appointmentId: string; seriesId: string },
    kind: ReminderKind = 'appointment-reminder',
    dueAt = REMINDER_DUE,
    attemptsMade = 0,
  ): SendReminderJob => ({
    id: `reminder-${ids.appointmentId}-${kind}`,
    data: { appointmentId: ids.appointmentId, seriesId: ids.seriesId, kind, dueAt },
    attemptsMade,
    attempts: 3,
  });

  const reminderEvents = async (appointmentId: string) =>
    (await env.store.readStream(streams.appointmentReminders(appointmentId))).map((e) => ({
      type: e.type,
      ...(e.data as object),
    }));

  beforeEach(() => {
    env = tempEventStore();
    scenario = new ReminderScenario(env.store);
    queue = new InMemoryReminderQueue();
    notifier = new RecordingNotifier();
    now = new Date('2027-03-01T09:00:02-05:00');
  });

  afterEach(() => env.cleanup());

  it('given a due reminder, then it claims, sends once with the idempotency key and records ReminderSent', async () => {
    const ids = await scenario.bookedBlock(START);
    expect(await processor().process(job(ids))).toEqual({ result: 'sent' });
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({
      to: '+15550100',
      channel: 'sms',
      idempotencyKey: reminderIdempotencyKey(
        ids.appointmentId,
        'appointment-reminder',
        REMINDER_DUE,
      ),
      reminder: { appointmentId: ids.appointmentId, kind: 'appointment-reminder' },
    });
    expect(notifier.sent[0].text).toContain('Tuesday 2 March 2027 at 09:00 EST');
    expect((await reminderEvents(ids.appointmentId)).map((e) => e.type)).toEqual([
      'ReminderClaimed',
      'ReminderSent',
    ]);

    // redelivered: nothing sent again
    expect(await processor().process(job(ids))).toEqual({ result: 'already-sent' });
    expect(notifier.sent).toHaveLength(1);
  });

  it('given the appointment was cancelled, then ReminderSkipped(appointment-cancelled) and nothing sent', async () => {
    const ids = await scenario.bookedBlock(START);
    await scenario.cancel(ids.seriesId, ids.appointmentId);
    expect(await processor().process(job(ids))).toEqual({
      result: 'skipped',
      reason: 'appointment-cancelled',
    });
    expect(notifier.sent).toEqual([]);
    expect(await reminderEvents(ids.appointmentId)).toEqual([
      expect.objectContaining({
        type: 'ReminderSkipped',
        reason: 'appointment-cancelled',
        dueAt: REMINDER_DUE,
      }),
    ]);
    expect(await processor().process(job(ids))).toEqual({ result: 'already-skipped' });
  });

  it('given the appointment moved, then the old instant is skipped as moved', async () => {
    const ids = await scenario.bookedBlock(START);
    await scenario.reschedule(ids.seriesId, ids.appointmentId, '2027-03-09T09:00:00-05:00', START);
    expect(await processor().process(job(ids))).toEqual({
      result: 'skipped',
      reason: 'appointment-moved',
    });
    expect(notifier.sent).toEqual([]);
  });

  it('given the patient opted out of every channel, then skipped as opted-out', async () => {
    const ids = await scenario.bookedBlock(START);
    await scenario.optOut(ids.patientId, 'sms');
    expect(await processor().process(job(ids))).toEqual({ result: 'skipped', reason: 'opted-out' });
    expect(notifier.sent).toEqual([]);
  });

  it('given the gateway fails transiently, then ReminderFailed(final: false) and a retry; the retry sends once', async () => {
    const ids = await scenario.bookedBlock(START);
    notifier.failWith.push(new NotifierTransientError('gateway answered 500'));
    await expect(processor().process(job(ids))).rejects.toBeInstanceOf(ReminderRetryError);
    expect(await processor().process(job(ids, 'appointment-reminder', REMINDER_DUE, 1))).toEqual({
      result: 'sent',
    });
    expect(notifier.sent).toHaveLength(1);
    expect(
      (await reminderEvents(ids.appointmentId)).map((e) => [
        e.type,
        (e as { final?: boolean }).final,
      ]),
    ).toEqual([
      ['ReminderClaimed', undefined],
      ['ReminderFailed', false],
      ['ReminderClaimed', undefined],
      ['ReminderSent', undefined],
    ]);
    expect(queue.deadLetters.size).toBe(0);
  });

  it('given a permanent refusal, then ReminderFailed(final: true) and the dead-letter queue', async () => {
    const ids = await scenario.bookedBlock(START);
    notifier.failWith.push(new NotifierPermanentError('gateway answered 400'));
    await expect(processor().process(job(ids))).rejects.toBeInstanceOf(ReminderFinalError);
    expect([...queue.deadLetters.values()]).toEqual([
      expect.objectContaining({ jobId: job(ids).id, error: 'gateway answered 400', attempts: 1 }),
    ]);
    expect(await reminderEvents(ids.appointmentId)).toContainEqual(
      expect.objectContaining({ type: 'ReminderFailed', final: true }),
    );
  });

  it('given the last attempt fails transiently, then it is final and dead-lettered', async () => {
    const ids = await scenario.bookedBlock(START);
    notifier.failWith.push(new NotifierTransientError('no answer within 5000 ms'));
    await expect(
      processor().process(job(ids, 'appointment-reminder', REMINDER_DUE, 2)),
    ).rejects.toBeInstanceOf(ReminderFinalError);
    expect(queue.deadLetters.size).toBe(1);
  });

  it('given the notifier throws something unexpected, then a non-final failure and a retry', async () => {
    const ids = await scenario.bookedBlock(START);
    // The first worker claims and "dies" inside send.
    notifier.beforeSend = async () => {
      throw new Error('worker killed');
    };
    await expect(processor().process(job(ids))).rejects.toBeInstanceOf(ReminderRetryError);
    notifier.beforeSend = null;
    expect((await reminderEvents(ids.appointmentId)).map((e) => e.type)).toEqual([
      'ReminderClaimed',
      'ReminderFailed',
    ]);
  });

  it('given a claim without a result older than the claim timeout, then it sends again with the same key', async () => {
    const ids = await scenario.bookedBlock(START);
    await env.store.append(
      streams.appointmentReminders(ids.appointmentId),
      [
        {
          id: '00000000-0000-4000-8000-000000000001',
          type: 'ReminderClaimed',
          data: {
            ...job(ids).data,
            claimId: 'dead-worker',
            attempt: 1,
            claimedAt: '2027-03-01T09:00:00-05:00',
          },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    // 2 s later, with a 1 s claim timeout: the claimer is taken for dead.
    expect(await processor({ claimTimeoutMs: 1000 }).process(job(ids))).toEqual({ result: 'sent' });
    expect(notifier.sent.map((m) => m.idempotencyKey)).toEqual([
      reminderIdempotencyKey(ids.appointmentId, 'appointment-reminder', REMINDER_DUE),
    ]);
  });

  it('given a fresh claim by another worker, then it backs off without sending', async () => {
    const ids = await scenario.bookedBlock(START);
    await env.store.append(
      streams.appointmentReminders(ids.appointmentId),
      [
        {
          id: '00000000-0000-4000-8000-000000000002',
          type: 'ReminderClaimed',
          data: {
            ...job(ids).data,
            claimId: 'busy-worker',
            attempt: 1,
            claimedAt: '2027-03-01T09:00:01-05:00',
          },
        },
      ],
      { expectedRevision: 'no-stream' },
    );
    await expect(processor({ claimTimeoutMs: 60_000 }).process(job(ids))).rejects.toBeInstanceOf(
      ReminderRetryError,
    );
    expect(notifier.sent).toEqual([]);
  });

  it('given two workers on the same job at once, then one claim wins and the patient gets one message', async () => {
    const ids = await scenario.bookedBlock(START);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    notifier.beforeSend = () => held;
    const results = Promise.allSettled([
      processor().process(job(ids)),
      processor().process(job(ids)),
    ]);
    await new Promise((r) => setTimeout(r, 200));
    release();
    const [a, b] = await results;
    const outcomes = [a, b].map((r) =>
      r.status === 'fulfilled' ? r.value.result : (r.reason as Error).name,
    );
    expect(outcomes.sort()).toEqual(['ReminderRetryError', 'sent']);
    expect(notifier.sent).toHaveLength(1);
  });

  it('given a reminder hours late at 23:00, then it is postponed to 08:00 instead of waking the patient', async () => {
    const ids = await scenario.bookedBlock('2027-03-03T13:00:00-05:00');
    now = new Date('2027-03-01T23:00:00-05:00');
    const outcome = await processor().process(
      job(ids, 'pre-procedure-call', '2027-02-28T13:00:00-05:00'),
    );
    expect(outcome).toEqual({
      result: 'postponed',
      until: Date.parse('2027-03-02T08:00:00-05:00'),
    });
    expect(notifier.sent).toEqual([]);
  });
});
