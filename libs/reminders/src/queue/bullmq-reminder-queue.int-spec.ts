import { randomUUID } from 'node:crypto';
import type { PlannedReminder } from '../planner/reminder.planner';
import { BullmqReminderQueue } from './bullmq-reminder-queue';
import { ReminderQueueUnavailableError } from './reminder-queue.port';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

function planned(overrides: Partial<PlannedReminder> = {}): PlannedReminder {
  const dueAt = new Date(Date.now() + 3_600_000).toISOString();
  return {
    appointmentId: 'a1',
    seriesId: 's1',
    kind: 'appointment-reminder',
    dueAt,
    jobId: 'reminder-a1-appointment-reminder',
    channel: 'sms',
    expiresAt: new Date(Date.now() + 7_200_000).toISOString(),
    ...overrides,
  };
}

describe('BullmqReminderQueue (real Redis)', () => {
  let queue: BullmqReminderQueue;

  beforeEach(async () => {
    queue = new BullmqReminderQueue({ redisUrl: REDIS_URL, prefix: `test-rq-${randomUUID()}` });
    await queue.waitUntilAvailable();
  });

  afterEach(async () => {
    await queue.obliterate();
    await queue.close();
  });

  it('enqueues a delayed job with the planned id and a delay up to its due instant', async () => {
    const reminder = planned();
    expect(await queue.enqueue(reminder)).toBe('added');
    const job = await queue.queue.getJob(reminder.jobId);
    expect(job?.id).toBe('reminder-a1-appointment-reminder');
    expect(await job?.getState()).toBe('delayed');
    expect(job?.data).toEqual({
      appointmentId: 'a1',
      seriesId: 's1',
      kind: 'appointment-reminder',
      dueAt: reminder.dueAt,
    });
    // runAt is the due instant, within a generous margin for a slow machine.
    const queued = await queue.get(reminder.jobId);
    expect(Math.abs(queued!.runAt - Date.parse(reminder.dueAt))).toBeLessThan(5_000);
    expect(job?.opts.attempts).toBe(5);
    expect(job?.opts.backoff).toEqual({ type: 'exponential', delay: 30_000 });
  });

  it('leaves the same id and dueAt alone; another dueAt replaces the job (a moved appointment)', async () => {
    const first = planned();
    await queue.enqueue(first);
    expect(await queue.enqueue({ ...first })).toBe('unchanged');
    const later = new Date(Date.parse(first.dueAt) + 86_400_000).toISOString();
    expect(await queue.enqueue({ ...first, dueAt: later })).toBe('moved');
    const jobs = await queue.list();
    expect(jobs).toHaveLength(1);
    expect(jobs[0].data.dueAt).toBe(later);
    expect(jobs[0].state).toBe('delayed');
  });

  it('a dueAt already past is due at once', async () => {
    const reminder = planned({ dueAt: new Date(Date.now() - 60_000).toISOString() });
    await queue.enqueue(reminder);
    expect((await queue.get(reminder.jobId))!.state).toBe('waiting');
  });

  it('removes a pending job; removing an unknown one says so', async () => {
    const reminder = planned();
    await queue.enqueue(reminder);
    expect(await queue.remove(reminder.jobId)).toBe(true);
    expect(await queue.get(reminder.jobId)).toBeNull();
    expect(await queue.remove(reminder.jobId)).toBe(false);
  });

  it('lists dead letters and puts one back on the queue, due now, once', async () => {
    const reminder = planned();
    await queue.enqueue(reminder);
    await queue.deadLetter({
      jobId: reminder.jobId,
      data: {
        appointmentId: 'a1',
        seriesId: 's1',
        kind: 'appointment-reminder',
        dueAt: reminder.dueAt,
      },
      error: 'gateway answered 400',
      attempts: 1,
      failedAt: new Date().toISOString(),
    });
    expect((await queue.listDeadLetters()).map((d) => d.jobId)).toEqual([reminder.jobId]);
    expect(await queue.retryDeadLetter(reminder.jobId)).toBe(true);
    expect(await queue.listDeadLetters()).toEqual([]);
    const back = await queue.get(reminder.jobId);
    expect(back!.state).toBe('waiting');
    expect(back!.data.dueAt).toBe(reminder.dueAt);
    expect(await queue.retryDeadLetter(reminder.jobId)).toBe(false);
  });
});

describe('BullmqReminderQueue without Redis', () => {
  it('fails fast with ReminderQueueUnavailableError instead of hanging', async () => {
    // Port 1 on loopback: nothing listens there.
    const queue = new BullmqReminderQueue({ redisUrl: 'redis://127.0.0.1:1', prefix: 'never' });
    try {
      await expect(queue.enqueue(planned())).rejects.toBeInstanceOf(ReminderQueueUnavailableError);
      expect(queue.isAvailable()).toBe(false);
    } finally {
      await queue.close();
    }
  });
});
