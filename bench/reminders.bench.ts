/**
 * `npm run bench:reminders`:
 * 1. plan and enqueue reminders for 10,000 appointments (jobs/s): (a) planner + BullMQ adapter
 *    straight from folded state, (b) the reactor catching up on the same bookings from the event log;
 * 2. deliver 10,000 due jobs through BullMQ workers to a local webhook receiver (deliveries/s;
 *    lateness p50/p99 of the arrival at the gateway against each job's due instant). The due
 *    instants are spread evenly over a window (REMINDERS_BENCH_WINDOW_S, default 20 s), as
 *    reminders fall due in a clinic, and every delivery does the real work: re-read three streams,
 *    re-plan, append ReminderClaimed, POST, append ReminderSent.
 * Real Redis (REDIS_URL, own key prefix, obliterated afterwards), SQLite files in .bench-data/
 * (removed afterwards). Run it alone on an otherwise idle machine; the figures feed BENCHMARKS.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_CLINICAL_POLICY, streams } from '@app/domain';
import { SqliteEventStore, type EventToAppend } from '@app/event-store';
import {
  BullmqReminderQueue,
  BullmqReminderWorker,
  foldPatientReminderState,
  foldSeriesReminderState,
  planSeriesReminders,
  ReminderReactor,
  SendReminderProcessor,
  WebhookNotifier,
} from '@app/reminders';

type EventToAppendLike = EventToAppend;

/**
 * The gateway runs in its own process (as a real SMS gateway would not share the workers' event
 * loop): checks every signature, deduplicates on Idempotency-Key, notes arrival times.
 */
const RECEIVER = `
const http = require('node:http');
const { createHmac, timingSafeEqual } = require('node:crypto');
const secret = process.env.SECRET;
const delivered = new Map();
let requests = 0, bad = 0;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    requests++;
    const body = Buffer.concat(chunks).toString('utf8');
    const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(req.headers['x-timestamp'] + '.' + body).digest('hex'));
    const given = Buffer.from(String(req.headers['x-signature']));
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) { bad++; res.statusCode = 401; }
    else if (!delivered.has(req.headers['idempotency-key'])) delivered.set(req.headers['idempotency-key'], at);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('message', () => process.send({ delivered: [...delivered], requests, bad }));
`;

interface ReceiverReport {
  delivered: Array<[string, number]>;
  requests: number;
  bad: number;
}

async function startWebhookReceiver(secret: string) {
  const child = spawn(process.execPath, ['-e', RECEIVER], {
    env: { ...process.env, SECRET: secret },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  const report = () =>
    new Promise<ReceiverReport>((resolve) => {
      child.once('message', (m) => resolve(m as ReceiverReport));
      child.send('report');
    });
  return { url: `http://127.0.0.1:${port}/notify`, report, close: () => child.kill() };
}

const QUICK = !!process.env.REMINDERS_BENCH_QUICK;
const APPOINTMENTS = QUICK ? 500 : 10_000;
const WINDOW_S = Number(process.env.REMINDERS_BENCH_WINDOW_S ?? (QUICK ? 5 : 20));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'bench-secret';
const clinic = { name: 'Riverside Pain Clinic', timeZone: 'America/New_York' };
const NO_QUIET = { ...DEFAULT_CLINICAL_POLICY, quietHoursStart: '00:00', quietHoursEnd: '00:00' };

const root = join(__dirname, '..', '.bench-data');
const runDir = join(root, `reminders-${process.pid}-${Date.now()}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Booking {
  patientId: string;
  seriesId: string;
  appointmentId: string;
  patient: EventToAppendLike[];
  series: EventToAppendLike[];
}

function booking(
  start: Date,
  bookedAt: Date,
  options: { sedation: boolean; anticoagulant: string | null; noQuiet: boolean },
): Booking {
  const patientId = randomUUID();
  const seriesId = randomUUID();
  const appointmentId = randomUUID();
  const meta = { actor: { id: 'bench', role: 'front-desk' } };
  return {
    patientId,
    seriesId,
    appointmentId,
    patient: [
      {
        id: randomUUID(),
        type: 'PatientRegistered',
        data: {
          patientId,
          mrn: `B-${patientId}`,
          givenName: 'Bench',
          familyName: 'Patient',
          birthDate: '1970-01-01',
          phone: '+15550100',
          email: null,
          timeZone: null,
          registeredAt: bookedAt.toISOString(),
        },
        metadata: meta,
      },
    ],
    series: [
      {
        id: randomUUID(),
        type: 'SeriesOpened',
        data: {
          seriesId,
          patientId,
          indication: 'crps-1',
          icd10: null,
          side: 'left',
          intent: 'therapeutic',
          rehabilitationProgramme: false,
          policy: options.noQuiet ? NO_QUIET : DEFAULT_CLINICAL_POLICY,
          openedAt: bookedAt.toISOString(),
        },
        metadata: meta,
      },
      {
        id: randomUUID(),
        type: 'BlockBooked',
        data: {
          seriesId,
          appointmentId,
          blockNumber: 1,
          physicianId: 'physician-1',
          roomId: 'fluoro-1',
          start: start.toISOString(),
          end: new Date(start.getTime() + 3_600_000).toISOString(),
          clinicDate: start.toISOString().slice(0, 10),
          sedation: options.sedation,
          anticoagulant: options.anticoagulant,
          bookedAt: bookedAt.toISOString(),
        },
        metadata: meta,
      },
    ],
  };
}

async function writeBookings(store: SqliteEventStore, bookings: Booking[]): Promise<void> {
  for (const b of bookings) {
    await store.append(streams.patient(b.patientId), b.patient, { expectedRevision: 'no-stream' });
    await store.append(streams.treatmentSeries(b.seriesId), b.series, {
      expectedRevision: 'no-stream',
    });
  }
}

function planOne(b: Booking) {
  const plans = planSeriesReminders({
    series: foldSeriesReminderState(b.series),
    patient: foldPatientReminderState(b.patient),
    clinic,
    defaultPolicy: DEFAULT_CLINICAL_POLICY,
    now: new Date().toISOString(),
  });
  return plans.get(b.appointmentId) ?? [];
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}

async function pool<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  const prefix = `bench-reminders-${process.pid}`;
  const store = new SqliteEventStore({
    file: join(runDir, 'events.sqlite'),
    synchronous: 'NORMAL',
  });
  const queue = new BullmqReminderQueue({
    redisUrl: REDIS_URL,
    prefix,
    attempts: 5,
    backoffMs: 1000,
  });
  const results: string[] = [];
  try {
    await queue.waitUntilAvailable();
    const now = Date.now();

    // ---- 1. plan and enqueue -------------------------------------------------------------
    const futureBookings = Array.from({ length: APPOINTMENTS }, (_, i) =>
      booking(new Date(now + (10 + (i % 30)) * 86_400_000 + (i % 8) * 3_600_000), new Date(now), {
        sedation: i % 2 === 0,
        anticoagulant: i % 5 === 0 ? 'apixaban' : null,
        noQuiet: false,
      }),
    );
    let t = performance.now();
    await writeBookings(store, futureBookings);
    console.log(
      `setup: ${APPOINTMENTS} bookings written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    t = performance.now();
    let jobs = 0;
    await pool(chunks(futureBookings, 250), 4, async (chunk) => {
      const planned = chunk.flatMap((b) => planOne(b));
      await queue.enqueueMany(planned);
      jobs += planned.length;
    });
    const direct = performance.now() - t;
    const directRate = jobs / (direct / 1000);
    results.push(
      `plan + enqueue (fold, plan, enqueueMany in chunks of 250 appointments, 4 at once): ${jobs} jobs for ${APPOINTMENTS} appointments in ${(direct / 1000).toFixed(2)} s = ${Math.round(directRate)} jobs/s`,
    );
    console.log(results.at(-1));

    await queue.obliterate();
    const reactor = new ReminderReactor(store, queue, {
      dataDir: runDir,
      clinic,
      defaultPolicy: DEFAULT_CLINICAL_POLICY,
    });
    t = performance.now();
    reactor.start();
    await reactor.waitForPosition(await store.headPosition(), 600_000);
    const viaReactor = performance.now() - t;
    const reactorJobs = (await queue.queue.getJobCounts('delayed')).delayed;
    await reactor.stop();
    results.push(
      `reactor catch-up (read streams, plan, reconcile 8 kinds each): ${reactorJobs} jobs in ${(viaReactor / 1000).toFixed(2)} s = ${Math.round(reactorJobs / (viaReactor / 1000))} jobs/s`,
    );
    console.log(results.at(-1));
    await queue.obliterate();

    // ---- 2. deliver due jobs -------------------------------------------------------------
    if (process.env.REMINDERS_BENCH_SKIP_DELIVERY) return;
    // Each booking's appointment-reminder falls due at its booking instant (a block booked 20 h
    // ahead): booking instants spread evenly over the window, which starts after the setup.
    const setupBudgetMs = QUICK ? 15_000 : 60_000;
    const windowStart = Date.now() + setupBudgetMs;
    const dueBookings = Array.from({ length: APPOINTMENTS }, (_, i) => {
      const due = new Date(windowStart + Math.floor((i * WINDOW_S * 1000) / APPOINTMENTS));
      return booking(new Date(due.getTime() + 20 * 3_600_000), due, {
        sedation: false,
        anticoagulant: null,
        noQuiet: true,
      });
    });
    // Warm-up (not measured): 200 deliveries 10 s before the window, so the measured ones meet warm
    // workers, as they would in a running clinic.
    const warmUp = Array.from({ length: QUICK ? 50 : 200 }, (_, i) => {
      const due = new Date(windowStart - 10_000 + i * 5);
      return booking(new Date(due.getTime() + 20 * 3_600_000), due, {
        sedation: false,
        anticoagulant: null,
        noQuiet: true,
      });
    });
    const measured = new Set(dueBookings.map((b) => b.appointmentId));
    t = performance.now();
    await writeBookings(store, [...warmUp, ...dueBookings]);
    await pool(chunks([...warmUp, ...dueBookings], 250), 4, async (chunk) => {
      await queue.enqueueMany(chunk.flatMap((b) => planOne(b)));
    });
    const enqueued = (await queue.queue.getJobCounts('delayed')).delayed;
    console.log(
      `setup: ${enqueued} due jobs written and enqueued in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    if (Date.now() > windowStart - 2000)
      throw new Error('setup took longer than its budget: raise setupBudgetMs');

    const gateway = await startWebhookReceiver(SECRET);
    const workers = Array.from({ length: 2 }, () => {
      const processor = new SendReminderProcessor(
        store,
        queue,
        new WebhookNotifier({ url: gateway.url, secret: SECRET }),
        {
          clinic,
          defaultPolicy: DEFAULT_CLINICAL_POLICY,
        },
      );
      const worker = new BullmqReminderWorker(processor, {
        redisUrl: REDIS_URL,
        prefix,
        concurrency: 16,
      });
      worker.start();
      return worker;
    });
    const deadline = windowStart + WINDOW_S * 1000 + 300_000;
    let report = await gateway.report();
    while (report.delivered.length < enqueued && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      report = await gateway.report();
    }
    await Promise.all(workers.map((w) => w.close()));
    gateway.close();
    if (report.bad > 0) throw new Error(`${report.bad} bad signatures`);

    const duplicates = report.requests - report.delivered.length;
    // key: reminder-<appointmentId>-appointment-reminder-<dueAt ms>; appointment ids are UUIDs
    const ofMeasured = report.delivered.filter(([key]) =>
      measured.has(key.slice('reminder-'.length, 'reminder-'.length + 36)),
    );
    const lateness = ofMeasured
      .map(([key, at]) => at - Number(key.split('-').at(-1)))
      .sort((a, b) => a - b);
    const arrivals = ofMeasured.map(([, at]) => at).sort((a, b) => a - b);
    const span = (arrivals.at(-1)! - arrivals[0]) / 1000;
    results.push(
      `deliver: ${ofMeasured.length}/${measured.size} delivered (${duplicates} duplicate POSTs), due over ${WINDOW_S} s, ` +
        `delivered over ${span.toFixed(1)} s = ${Math.round(ofMeasured.length / span)} deliveries/s; ` +
        `lateness p50 ${percentile(lateness, 50)} ms, p99 ${percentile(lateness, 99)} ms, max ${lateness.at(-1)} ms`,
    );
    console.log(results.at(-1));
  } finally {
    await queue.obliterate().catch(() => undefined);
    await queue.close();
    await store.close();
    rmSync(runDir, { recursive: true, force: true });
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let redis = 'unknown';
  try {
    redis = execFileSync('redis-server', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // not on PATH
  }
  console.log(
    `\nmachine: ${cpus().length} × ${cpu}, Node ${process.version}, ${redis}; ${new Date().toISOString()}`,
  );
  console.log(results.map((r) => `- ${r}`).join('\n'));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
