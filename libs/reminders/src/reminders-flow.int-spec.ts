/**
 * The whole reminder path on real infrastructure, events appended straight to the store (no HTTP):
 * SQLite event store → reactor → BullMQ delayed jobs in Redis → worker → webhook gateway → events.
 * Each test uses its own key prefix and obliterates it; the outage test runs its own redis-server.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_CLINICAL_POLICY, REMINDER_KINDS, streams } from '@app/domain';
import { DateTime } from 'luxon';
import { WebhookNotifier } from './notifier/webhook-notifier';
import { BullmqReminderWorker } from './processor/bullmq-reminder-worker';
import { SendReminderProcessor } from './processor/send-reminder.processor';
import { BullmqReminderQueue } from './queue/bullmq-reminder-queue';
import { ReminderReactor } from './reactor/reminder-reactor';
import { ReminderScenario, tempEventStore } from './testing/reminder-scenario';
import { eventually, startWebhookReceiver } from './testing/webhook-receiver';

jest.setTimeout(120_000);

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'flow-test-secret';
const clinic = { name: 'Riverside Pain Clinic', timeZone: 'America/New_York' };
/** Quiet hours that never apply, so tests do not depend on the time of day they run at. */
const NO_QUIET_HOURS = {
  ...DEFAULT_CLINICAL_POLICY,
  quietHoursStart: '00:00',
  quietHoursEnd: '00:00',
};
const LOCK_MS = 2000;

interface Rig {
  env: ReturnType<typeof tempEventStore>;
  scenario: ReminderScenario;
  queue: BullmqReminderQueue;
  reactor: ReminderReactor;
  workers: BullmqReminderWorker[];
  prefix: string;
}

async function rig(redisUrl = REDIS_URL): Promise<Rig> {
  const env = tempEventStore();
  const prefix = `test-flow-${randomUUID()}`;
  const queue = new BullmqReminderQueue({ redisUrl, prefix, backoffMs: 200, attempts: 5 });
  const reactor = new ReminderReactor(env.store, queue, {
    dataDir: env.dir,
    clinic,
    defaultPolicy: DEFAULT_CLINICAL_POLICY,
    retryInitialMs: 100,
    retryMaxMs: 1000,
    markerCheckIntervalMs: 500,
  });
  reactor.start();
  return { env, scenario: new ReminderScenario(env.store), queue, reactor, workers: [], prefix };
}

function startWorker(r: Rig, url: string): BullmqReminderWorker {
  const processor = new SendReminderProcessor(
    r.env.store,
    r.queue,
    new WebhookNotifier({ url, secret: SECRET }),
    {
      clinic,
      defaultPolicy: DEFAULT_CLINICAL_POLICY,
      claimTimeoutMs: LOCK_MS / 2,
    },
  );
  const worker = new BullmqReminderWorker(processor, {
    redisUrl: r.queue.options.redisUrl,
    prefix: r.prefix,
    lockDurationMs: LOCK_MS,
    stalledIntervalMs: LOCK_MS / 2,
  });
  worker.start();
  r.workers.push(worker);
  return worker;
}

async function teardown(r: Rig): Promise<void> {
  await Promise.all(r.workers.map((w) => w.close()));
  await r.reactor.stop();
  if (r.queue.isAvailable()) await r.queue.obliterate();
  await r.queue.close();
  await r.env.cleanup();
}

async function caughtUp(r: Rig): Promise<void> {
  await r.reactor.waitForPosition(await r.env.store.headPosition(), 30_000);
}

/** A block `days` days ahead at 09:00 clinic time. */
function blockStart(days: number): string {
  return DateTime.now()
    .setZone(clinic.timeZone)
    .plus({ days })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 })
    .toISO()!;
}

async function jobsOf(r: Rig, appointmentId: string) {
  const jobs = await Promise.all(
    REMINDER_KINDS.map((kind) => r.queue.queue.getJob(`reminder-${appointmentId}-${kind}`)),
  );
  const present = await Promise.all(
    jobs.filter((j) => !!j).map(async (j) => ({ job: j!, state: await j!.getState() })),
  );
  return present.filter((p) => p.state === 'delayed' || p.state === 'waiting');
}

async function reminderEventTypes(r: Rig, appointmentId: string): Promise<string[]> {
  return (await r.env.store.readStream(streams.appointmentReminders(appointmentId))).map(
    (e) => e.type,
  );
}

/** A block booked now for 20 h ahead: its appointment-reminder is due at once (its 24 h mark passed). */
async function dueNowBooking(r: Rig) {
  const now = DateTime.now().setZone(clinic.timeZone);
  return r.scenario.bookedBlock(now.plus({ hours: 20 }).toISO()!, {
    bookedAt: now.toISO()!,
    sedation: false,
    policy: NO_QUIET_HOURS,
  });
}

describe('reminders on real Redis and SQLite', () => {
  let r: Rig;
  afterEach(async () => teardown(r));

  it('booking → one delayed job per planned reminder, with the expected ids and delays', async () => {
    r = await rig();
    await r.queue.waitUntilAvailable();
    const start = blockStart(10);
    const { appointmentId } = await r.scenario.bookedBlock(start, {
      anticoagulant: 'apixaban',
      bookedAt: new Date().toISOString(),
    });
    await caughtUp(r);
    const jobs = await jobsOf(r, appointmentId);
    const s = DateTime.fromISO(start, { setZone: true });
    const expected: Record<string, DateTime> = {
      'anticoagulant-hold': s.minus({ days: 4 }),
      'pre-procedure-call': s.minus({ days: 3 }),
      'appointment-reminder': s.minus({ days: 1 }),
      'fasting-and-escort': s.minus({ days: 1 }).set({ hour: 18 }),
    };
    expect(jobs.map((j) => j.job.id).sort()).toEqual(
      Object.keys(expected)
        .map((kind) => `reminder-${appointmentId}-${kind}`)
        .sort(),
    );
    for (const { job, state } of jobs) {
      expect(state).toBe('delayed');
      const due = expected[job.data.kind];
      expect(Date.parse(job.data.dueAt)).toBe(due.toMillis());
      // the delay runs from when the job was added to the due instant (ms precision)
      expect(Math.abs(job.timestamp + job.delay - due.toMillis())).toBeLessThan(1000);
    }
  });

  it('reschedule → old jobs gone, new ones there; cancel → nothing left', async () => {
    r = await rig();
    await r.queue.waitUntilAvailable();
    const first = blockStart(10);
    const { seriesId, appointmentId } = await r.scenario.bookedBlock(first, {
      bookedAt: new Date().toISOString(),
    });
    await caughtUp(r);
    const before = new Map(
      (await jobsOf(r, appointmentId)).map((j) => [j.job.id, j.job.data.dueAt]),
    );
    const moved = blockStart(14);
    await r.scenario.reschedule(seriesId, appointmentId, moved, first, new Date().toISOString());
    await caughtUp(r);
    const after = await jobsOf(r, appointmentId);
    expect(after).toHaveLength(3);
    for (const { job } of after) {
      expect(job.data.dueAt).not.toBe(before.get(job.id!));
      expect(Date.parse(job.data.dueAt)).toBeGreaterThan(Date.parse(first) - 86_400_000);
    }
    await r.scenario.cancel(seriesId, appointmentId, new Date().toISOString());
    await caughtUp(r);
    expect(await jobsOf(r, appointmentId)).toEqual([]);
    expect(await r.queue.queue.getJobCounts('delayed', 'waiting')).toMatchObject({
      delayed: 0,
      waiting: 0,
    });
  });

  it('a due job is delivered once to the webhook, with a valid signature, and recorded', async () => {
    r = await rig();
    const gateway = await startWebhookReceiver(SECRET);
    try {
      startWorker(r, gateway.url);
      const { appointmentId } = await dueNowBooking(r);
      await eventually(
        async () => (await reminderEventTypes(r, appointmentId)).includes('ReminderSent'),
        30_000,
        'ReminderSent',
      );
      await new Promise((resolve) => setTimeout(resolve, 1500)); // nothing more arrives
      expect(gateway.requests).toHaveLength(1);
      expect(gateway.requests[0]).toMatchObject({
        validSignature: true,
        status: 200,
        idempotencyKey: expect.stringMatching(
          new RegExp(`^reminder-${appointmentId}-appointment-reminder-\\d+$`),
        ),
      });
      expect(gateway.requests[0].body.text).toContain('Riverside Pain Clinic');
      expect(await reminderEventTypes(r, appointmentId)).toEqual([
        'ReminderClaimed',
        'ReminderSent',
      ]);
    } finally {
      await gateway.close();
    }
  });

  it('a webhook answering 500 twice is retried with backoff and delivered once', async () => {
    r = await rig();
    const gateway = await startWebhookReceiver(SECRET, [500, 500]);
    try {
      startWorker(r, gateway.url);
      const { appointmentId } = await dueNowBooking(r);
      await eventually(
        async () => (await reminderEventTypes(r, appointmentId)).includes('ReminderSent'),
        30_000,
        'ReminderSent',
      );
      expect(gateway.requests.map((q) => q.status)).toEqual([500, 500, 200]);
      expect(new Set(gateway.requests.map((q) => q.idempotencyKey)).size).toBe(1);
      expect(gateway.delivered.size).toBe(1);
      expect(await reminderEventTypes(r, appointmentId)).toEqual([
        'ReminderClaimed',
        'ReminderFailed',
        'ReminderClaimed',
        'ReminderFailed',
        'ReminderClaimed',
        'ReminderSent',
      ]);
    } finally {
      await gateway.close();
    }
  });

  it('a worker killed after the gateway accepted, before recording, delivers exactly once after restart', async () => {
    r = await rig();
    const gateway = await startWebhookReceiver(SECRET);
    try {
      const { appointmentId } = await dueNowBooking(r);
      await caughtUp(r);
      const root = join(__dirname, '../../..');
      const child = spawn(
        process.execPath,
        [
          '-r',
          'ts-node/register/transpile-only',
          '-r',
          'tsconfig-paths/register',
          join(__dirname, 'testing/dying-worker.fixture.ts'),
        ],
        {
          cwd: root,
          env: {
            ...process.env,
            TS_NODE_PROJECT: join(root, 'tsconfig.json'),
            EVENTS_FILE: join(r.env.dir, 'events.sqlite'),
            REDIS_URL: r.queue.options.redisUrl,
            PREFIX: r.prefix,
            WEBHOOK_URL: gateway.url,
            WEBHOOK_SECRET: SECRET,
            LOCK_MS: String(LOCK_MS),
          },
          stdio: 'ignore',
        },
      );
      const exit = await new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      expect(exit).toBe('SIGKILL');
      expect(gateway.requests).toHaveLength(1);
      expect(await reminderEventTypes(r, appointmentId)).toEqual(['ReminderClaimed']);

      // A new worker finds the dead worker's job stalled, claims again and resends with the same key.
      startWorker(r, gateway.url);
      await eventually(
        async () => (await reminderEventTypes(r, appointmentId)).includes('ReminderSent'),
        60_000,
        'ReminderSent',
      );
      expect(gateway.requests).toHaveLength(2);
      expect(gateway.requests[0].idempotencyKey).toBe(gateway.requests[1].idempotencyKey);
      expect(gateway.delivered.size).toBe(1); // the gateway deduplicated: the patient got one message
      expect(await reminderEventTypes(r, appointmentId)).toEqual([
        'ReminderClaimed',
        'ReminderClaimed',
        'ReminderSent',
      ]);
    } finally {
      await gateway.close();
    }
  });
});

describe('reminders across a Redis outage (own redis-server)', () => {
  let port: number;
  let r: Rig;

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const p = (server.address() as { port: number }).port;
        server.close(() => resolve(p));
      });
    });
  const startRedis = () =>
    execFileSync('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
    ]);
  const stopRedis = () => {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'shutdown', 'nosave'], { stdio: 'ignore' });
    } catch {
      // already down
    }
  };

  beforeAll(async () => {
    port = await freePort();
    startRedis();
  });

  afterAll(() => stopRedis());

  it('Redis stopped during bookings and started again (empty) → every reminder present, none twice', async () => {
    r = await rig(`redis://127.0.0.1:${port}`);
    try {
      await r.queue.waitUntilAvailable(20_000);
      const before = [];
      for (let i = 0; i < 3; i++)
        before.push(
          await r.scenario.bookedBlock(blockStart(10 + i), { bookedAt: new Date().toISOString() }),
        );
      await caughtUp(r);

      stopRedis();
      await eventually(() => !r.queue.isAvailable(), 20_000, 'Redis to be down');
      const during = [];
      for (let i = 0; i < 3; i++)
        during.push(
          await r.scenario.bookedBlock(blockStart(20 + i), { bookedAt: new Date().toISOString() }),
        ); // bookings still succeed
      await eventually(() => r.reactor.status().waitingForRedis, 20_000, 'the reactor to notice');
      expect(r.reactor.checkpoint()).toBeLessThan(await r.env.store.headPosition());

      startRedis(); // without persistence: the jobs from before are gone too
      await r.queue.waitUntilAvailable(30_000);
      await caughtUp(r);
      const all = [...before, ...during];
      await eventually(
        async () =>
          (await Promise.all(all.map((b) => jobsOf(r, b.appointmentId)))).every(
            (jobs) => jobs.length === 3,
          ),
        30_000,
        'every reminder back in the queue',
      );
      const ids = (
        await r.queue.queue.getJobs(['delayed', 'waiting', 'active', 'completed', 'failed'])
      ).map((j) => j.id);
      expect(ids).toHaveLength(all.length * 3);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await teardown(r);
    }
  });
});
