/**
 * `npm run bench:api`: the HTTP API under load, on the embedded store.
 *
 * Starts the BUILT app (dist/apps/api/main.js, rebuilt first unless API_BENCH_SKIP_BUILD=1) as its
 * own process — as `npm start` runs it — so autocannon, in this process, does not share its event
 * loop. Fresh DATA_DIR under .bench-data/ on the project's disk (synchronous=FULL, the default),
 * real Redis with its own key prefix (reminder reactor and workers on, as embedded), a clinic file
 * with 40 physicians and 40 rooms (Mon–Fri 08:00–17:00, 60-minute slots: 360 slots a day).
 *
 * 1. Set-up through the API: one patient and one prognostic series per booking (POST /patients,
 *    POST /series with autocannon; every answer must be 201).
 * 2. Warm-up (not counted): a few hundred bookings, GET /series/:id and the empty route.
 * 3. Measured, one after the other, same connections:
 *    - the ceiling: GET /health/live (the cheapest route through the same server, guard,
 *      interceptor and metrics hook);
 *    - bookings: POST /appointments with an Idempotency-Key, each a distinct free slot of its own
 *      series; every answer must be 201 (the others are counted and reported). Consecutive bookings
 *      go to different clinic days (round robin), as many front desks booking ahead would;
 *      projection lag is sampled from GET /health meanwhile;
 *    - GET /series/:id of random series (read-model lookups).
 * 4. The app is stopped and the event log checked: one BlockBooked and one SlotReserved per 201,
 *    no physician or room held twice at the same start.
 *
 * Knobs: API_BENCH_BOOKINGS (default 12,000), API_BENCH_CONNECTIONS (16), API_BENCH_DURATION_S
 * (GET runs, 10), API_BENCH_QUICK=1 (a smoke run), API_BENCH_CPU_PROF=1 (the app writes a
 * .cpuprofile into .bench-data/profiles), API_BENCH_KEEP=1 (keep the data directory),
 * API_BENCH_APP=<main.js> (run another build, e.g. of an earlier commit, to compare). The app
 * inherits the environment, so e.g. EMBEDDED_WORKER=false REMINDER_REACTOR=false measures the
 * api without the reminder work it does in-process by default.
 * Run it alone, on an otherwise quiet machine; the figures feed BENCHMARKS.md ("HTTP API").
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { readdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import Redis from 'ioredis';
import { DateTime } from 'luxon';
import { areaBreakdown, type CpuProfile, profileClockUs, topFunctions } from './cpu-profile';

const QUICK = !!process.env.API_BENCH_QUICK;
const BOOKINGS = Number(process.env.API_BENCH_BOOKINGS ?? (QUICK ? 1_500 : 12_000));
const WARM_UP_BOOKINGS = QUICK ? 200 : 500;
const CONNECTIONS = Number(process.env.API_BENCH_CONNECTIONS ?? 16);
const DURATION_S = Number(process.env.API_BENCH_DURATION_S ?? (QUICK ? 3 : 10));
const LAG_SAMPLE_MS = 50;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const PHYSICIANS = 40;
const ROOMS = 40;
const TIME_ZONE = 'America/New_York';
const FIRST_HOUR = 8;
const SLOTS_PER_DAY_PER_PAIR = 9; // 08:00–17:00, 60-minute slots
const SLOTS_PER_DAY = Math.min(PHYSICIANS, ROOMS) * SLOTS_PER_DAY_PER_PAIR;
/** Bookings spread over at least this many clinic days (a quick run too; and 2 per connection). */
const MIN_DAYS = 40;

/** The built app to run (another build, e.g. of an earlier commit, for a before/after comparison). */
const APP_MAIN = process.env.API_BENCH_APP ?? join(__dirname, '..', 'dist/apps/api/main.js');

/** /proc/<pid>/stat counts CPU time in clock ticks (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

const root = join(__dirname, '..');
const benchData = join(root, '.bench-data');
const runDir = join(benchData, `api-${process.pid}-${Date.now()}`);
const dataDir = join(runDir, 'data');
const redisKeyPrefix = `apibench-${process.pid}`;

/** The running app's address. */
let baseUrl = '';

const TOKENS = {
  frontDesk: 'Bearer dev-front-desk',
  physician: 'Bearer dev-physician',
};

// ---- the app ------------------------------------------------------------------------------------

function clinicFile(): object {
  const hours = [{ open: '08:00', close: '17:00' }];
  return {
    calendar: {
      clinicName: 'Benchmark Pain Clinic Group',
      timeZone: TIME_ZONE,
      openingHours: {
        monday: hours,
        tuesday: hours,
        wednesday: hours,
        thursday: hours,
        friday: hours,
        saturday: [],
        sunday: [],
      },
      physicians: Array.from({ length: PHYSICIANS }, (_, i) => ({
        id: `physician-${i + 1}`,
        name: `Physician ${i + 1}`,
      })),
      rooms: Array.from({ length: ROOMS }, (_, i) => ({
        id: `fluoro-room-${i + 1}`,
        name: `Fluoroscopy Room ${i + 1}`,
      })),
      turnoverMinutes: 0,
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface RunningApp {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
  logFile: string;
}

async function startApp(): Promise<RunningApp> {
  mkdirSync(dataDir, { recursive: true });
  const clinicPath = join(runDir, 'clinic.json');
  writeFileSync(clinicPath, JSON.stringify(clinicFile(), null, 2));
  const port = await freePort();
  const logFile = join(runDir, 'app.log');
  const log = createWriteStream(logFile);
  const nodeArgs = process.env.API_BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${join(benchData, 'profiles')}`]
    : [];
  const child = spawn(process.execPath, [...nodeArgs, APP_MAIN], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      CLINIC_CONFIG: clinicPath,
      REDIS_URL,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      SQLITE_SYNCHRONOUS: 'FULL',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the app exited (${child.exitCode ?? child.signalCode}): ${logFile}`);
    }
    try {
      if ((await fetch(`${url}/health/live`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not start in 60 s: ${logFile}`);
    await sleep(200);
  }
  return { url, child, exited, logFile };
}

async function stopApp(app: RunningApp): Promise<void> {
  if (app.child.exitCode === null && app.child.signalCode === null) {
    // SIGINT: Nest's shutdown hooks close the app first (a CPU profile is written too).
    app.child.kill('SIGINT');
    const timer = setTimeout(() => app.child.kill('SIGKILL'), 20_000);
    await app.exited;
    clearTimeout(timer);
  }
}

// ---- workload ---------------------------------------------------------------------------------

/** The clinic dates the bookings use: weekdays from the day after tomorrow on. */
function clinicDays(count: number): DateTime[] {
  const days: DateTime[] = [];
  let day = DateTime.now().setZone(TIME_ZONE).startOf('day').plus({ days: 2 });
  while (days.length < count) {
    if (day.weekday <= 5) days.push(day);
    day = day.plus({ days: 1 });
  }
  return days;
}

/**
 * Booking i's slot: distinct for every i < days × 360. Consecutive i go to consecutive days (round
 * robin), so concurrent bookings seldom write the same ClinicDay stream; inside a day, physician p
 * and room p together, hour after hour.
 */
function slotPlanner(
  total: number,
): (i: number) => { physicianId: string; roomId: string; start: string } {
  const days = clinicDays(Math.max(MIN_DAYS, 2 * CONNECTIONS, Math.ceil(total / SLOTS_PER_DAY)));
  return (i) => {
    const day = days[i % days.length]!;
    const k = Math.floor(i / days.length);
    const pair = k % Math.min(PHYSICIANS, ROOMS);
    const hour = FIRST_HOUR + Math.floor(k / Math.min(PHYSICIANS, ROOMS));
    if (hour >= FIRST_HOUR + SLOTS_PER_DAY_PER_PAIR) throw new Error(`no slot for booking ${i}`);
    return {
      physicianId: `physician-${pair + 1}`,
      roomId: `fluoro-room-${pair + 1}`,
      start: day.set({ hour }).toISO({ suppressMilliseconds: true })!,
    };
  };
}

/** User + system CPU seconds in a /proc stat file (a process's or one of its threads'). */
function cpuSecondsIn(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * CPU seconds (user + system) the app process has used so far, from /proc (Linux): all its threads,
 * or with `mainThreadOnly` the request thread alone (its thread id is the process id).
 */
function appCpuSeconds(pid: number | undefined, mainThreadOnly = false): number {
  try {
    return cpuSecondsIn(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`);
  } catch {
    return NaN;
  }
}

interface Measured {
  name: string;
  /** The app's CPU time per request (ms): what a request costs, whatever else runs on the machine. */
  cpuMsPerRequest?: number;
  /** The part of it spent on the request thread (the rest: projections and reminders, GC helpers). */
  mainThreadCpuMsPerRequest?: number;
  requests: number;
  durationS: number;
  perSecond: number;
  p50: number;
  p99: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
}

function measured(
  name: string,
  result: autocannon.Result & { cpuS: number; mainThreadCpuS: number },
): Measured {
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCounts[status] = Number((stats as { count?: number }).count ?? 0);
  }
  const requests = Object.values(statusCounts).reduce((a, b) => a + b, 0);
  return {
    name,
    requests,
    durationS: result.duration,
    perSecond: requests / result.duration,
    cpuMsPerRequest: (result.cpuS * 1000) / requests,
    mainThreadCpuMsPerRequest: (result.mainThreadCpuS * 1000) / requests,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statusCounts,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** CPU seconds of each thread of the app so far (thread id → seconds), from /proc (Linux). */
function threadCpuSeconds(pid: number | undefined): Map<number, number> {
  const threads = new Map<number, number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      threads.set(Number(tid), cpuSecondsIn(`/proc/${pid}/task/${tid}/stat`));
    }
  } catch {
    // the process is gone
  }
  return threads;
}

/** The threads that used the most CPU between two readings, as "tid: ms per request". */
function busiestThreads(
  before: Map<number, number>,
  after: Map<number, number>,
  requests: number,
): string {
  return [...after]
    .map(([tid, seconds]) => [tid, seconds - (before.get(tid) ?? 0)] as const)
    .filter(([, seconds]) => seconds > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(
      ([tid, seconds]) =>
        `${tid === appPid ? 'request thread' : `thread ${tid}`} ${fmt((seconds * 1000) / requests, 2)}`,
    )
    .join(', ');
}

/** The app process (its CPU time is read around each run). */
let appPid: number | undefined;

/** Each measured run's window on the profiles' clock (API_BENCH_CPU_PROF: read out of the app's profile). */
const windows: Array<{ name: string; fromUs: number; toUs: number }> = [];

async function run(
  options: autocannon.Options,
): Promise<autocannon.Result & { cpuS: number; mainThreadCpuS: number }> {
  const fromUs = profileClockUs();
  const cpuBefore = appCpuSeconds(appPid);
  const mainThreadBefore = appCpuSeconds(appPid, true);
  let firstRequestMs = performance.now();
  let lastResponseMs = firstRequestMs;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ connections: CONNECTIONS, ...options }, (error, res) =>
      error ? reject(error) : resolve(res),
    );
    instance.on('start', () => (firstRequestMs = performance.now()));
    instance.on('response', () => (lastResponseMs = performance.now()));
  });
  windows.push({ name: options.title ?? String(options.url), fromUs, toUs: profileClockUs() });
  return {
    ...result,
    // autocannon notices that `amount` requests are done on its next one-second tick, so its
    // duration of such a run is rounded up to whole seconds: the run ends with its last answer.
    duration: options.amount ? (lastResponseMs - firstRequestMs) / 1000 : result.duration,
    cpuS: appCpuSeconds(appPid) - cpuBefore,
    mainThreadCpuS: appCpuSeconds(appPid, true) - mainThreadBefore,
  };
}

/**
 * API_BENCH_CPU_PROF: where the app's CPU went during each measured run, thread by thread (the
 * request thread is thread 0; node --cpu-prof writes one profile per thread).
 */
function printProfile(
  pid: number | undefined,
  runs: Array<{ title: string; requests: number }>,
): void {
  const dir = join(benchData, 'profiles');
  const files = readdirSync(dir)
    .filter((name) => name.includes(`.${pid}.`) && name.endsWith('.cpuprofile'))
    .sort();
  if (files.length === 0) {
    console.log(`no CPU profile of process ${pid} in ${dir}`);
    return;
  }
  for (const file of files) {
    const thread = file.split('.')[4];
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
    for (const { title, requests } of runs) {
      const window = windows.filter((w) => w.name === title).pop();
      if (!window) continue;
      console.log(
        `\n-- thread ${thread}, ${title} (profile clock ${window.fromUs}..${window.toUs} µs): CPU by area (ms per request) --`,
      );
      console.log(areaBreakdown(profile, requests, window));
      console.log(`-- thread ${thread}, ${title}: functions (self time) --`);
      console.log(topFunctions(profile, 30, window));
    }
    console.log(`\nprofile of thread ${thread}: ${join(dir, file)}`);
  }
}

interface Counted {
  /** Indexes answered 201, in the order of their index. */
  ok: Map<number, string>;
  refused: Array<{ index: number; status: number; body: string }>;
}

/**
 * `amount` POSTs, the i-th with body(i): pipelining 1, so each connection has one request in flight
 * and its context remembers which index it carries.
 */
async function posts(
  name: string,
  path: string,
  authorization: string,
  from: number,
  amount: number,
  body: (i: number) => object,
  withIdempotencyKey = false,
): Promise<{ result: Measured; counted: Counted }> {
  let next = from;
  const counted: Counted = { ok: new Map(), refused: [] };
  const result = await run({
    title: name,
    url: `${baseUrl}${path}`,
    amount,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const index = next++;
          (context as { index?: number }).index = index;
          return {
            ...request,
            headers: {
              authorization,
              'content-type': 'application/json',
              ...(withIdempotencyKey ? { 'idempotency-key': randomUUID() } : {}),
            },
            body: JSON.stringify(body(index)),
          };
        },
        onResponse: (status, responseBody, context) => {
          const index = (context as { index: number }).index;
          if (status === 201)
            counted.ok.set(index, (JSON.parse(responseBody) as { id: string }).id);
          else counted.refused.push({ index, status, body: responseBody.slice(0, 300) });
        },
      },
    ],
  });
  return { result: measured(name, result), counted };
}

async function gets(name: string, paths: () => string, authorization?: string): Promise<Measured> {
  const result = await run({
    title: name,
    url: baseUrl,
    duration: DURATION_S,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          path: paths(),
          headers: authorization ? { authorization } : {},
        }),
      },
    ],
  });
  return measured(name, result);
}

// ---- projection lag -------------------------------------------------------------------------------

interface LagSampler {
  stop(): Promise<{
    samples: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    maxEvents: number;
  }>;
}

/** GET /health every LAG_SAMPLE_MS: the worst projection's lag (age of its oldest unapplied event). */
function sampleProjectionLag(url: string): LagSampler {
  const lags: number[] = [];
  let maxEvents = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = Date.now();
      try {
        const health = (await (await fetch(`${url}/health`)).json()) as {
          projections: Array<{ lagSeconds: number; lagEvents: number }>;
        };
        let worst = 0;
        for (const p of health.projections) {
          worst = Math.max(worst, p.lagSeconds * 1000);
          maxEvents = Math.max(maxEvents, p.lagEvents);
        }
        lags.push(worst);
      } catch {
        // a refused sample is not a lag figure
      }
      await sleep(Math.max(0, LAG_SAMPLE_MS - (Date.now() - started)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      const sorted = [...lags].sort((a, b) => a - b);
      return {
        samples: sorted.length,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        maxMs: sorted[sorted.length - 1] ?? 0,
        maxEvents,
      };
    },
  };
}

// ---- checks of the event log ----------------------------------------------------------------

interface LogCheck {
  blockBooked: number;
  slotReserved: number;
  slotReleased: number;
  doubleHeld: number;
}

/** After the app stopped: every 201 is in the log once, and no resource is held twice at a start. */
function checkEventLog(): LogCheck {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true });
  try {
    const count = (type: string) =>
      (db.prepare('SELECT count(*) AS n FROM events WHERE type = ?').get(type) as { n: number }).n;
    const held = new Set<string>();
    let doubleHeld = 0;
    const rows = db
      .prepare("SELECT data FROM events WHERE type = 'SlotReserved'")
      .raw(true)
      .iterate() as IterableIterator<[string]>;
    for (const [json] of rows) {
      const data = JSON.parse(json) as { physicianId: string; roomId: string; start: string };
      const at = Date.parse(data.start);
      for (const key of [`p ${data.physicianId} ${at}`, `r ${data.roomId} ${at}`]) {
        if (held.has(key)) doubleHeld++;
        held.add(key);
      }
    }
    return {
      blockBooked: count('BlockBooked'),
      slotReserved: count('SlotReserved'),
      slotReleased: count('SlotReleased'),
      doubleHeld,
    };
  } finally {
    db.close();
  }
}

// ---- helpers -----------------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = nextCursor;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function line(m: Measured, ceiling?: Measured): string {
  const ratio = ceiling
    ? ` (${fmt((m.perSecond / ceiling.perSecond) * 100)} % of the ceiling)`
    : '';
  const cpuRatio =
    ceiling?.cpuMsPerRequest && m.cpuMsPerRequest
      ? ` (${fmt(m.cpuMsPerRequest / ceiling.cpuMsPerRequest, 1)}× the ceiling's)`
      : '';
  return `${m.name}: ${fmt(m.requests)} requests in ${fmt(m.durationS, 1)} s = ${fmt(m.perSecond)}/s${ratio}; latency p50 ${m.p50} ms, p99 ${m.p99} ms; app CPU ${fmt(m.cpuMsPerRequest ?? NaN, 2)} ms/request${cpuRatio}, of which the request thread ${fmt(m.mainThreadCpuMsPerRequest ?? NaN, 2)} ms; status ${JSON.stringify(m.statusCounts)}${m.errors ? `; ${m.errors} errors, ${m.timeouts} timeouts` : ''}`;
}

function assertAll201(name: string, counted: Counted, expected: number): void {
  if (counted.refused.length > 0 || counted.ok.size !== expected) {
    const first = counted.refused[0];
    throw new Error(
      `${name}: ${counted.ok.size} of ${expected} answered 201${first ? `; first refusal ${first.status} ${first.body}` : ''}`,
    );
  }
}

// ---- main ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!process.env.API_BENCH_APP && (!process.env.API_BENCH_SKIP_BUILD || !existsSync(APP_MAIN))) {
    console.log('building the api (nest build api)…');
    execFileSync(join(root, 'node_modules/.bin/nest'), ['build', 'api'], {
      cwd: root,
      stdio: 'ignore',
    });
  }
  const load = { start: loadavg()[0]! };
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} vCPUs, ${Math.round(totalmem() / 2 ** 30)} GiB, Linux ${release()}, Node ${process.version}`;
  console.log(`machine: ${machine}; load average ${load.start.toFixed(2)}`);
  console.log(`run directory: ${runDir}`);

  const app = await startApp();
  baseUrl = app.url;
  appPid = app.child.pid;
  const total = WARM_UP_BOOKINGS + BOOKINGS;
  const slotOf = slotPlanner(total);
  let failed = false;
  try {
    // 1. Patients and series, one of each per booking.
    const setupStarted = Date.now();
    const runTag = Date.now().toString(36).toUpperCase();
    const patients = await posts(
      'POST /patients',
      '/patients',
      TOKENS.frontDesk,
      0,
      total,
      (i) => ({
        mrn: `B${runTag}-${i}`,
        givenName: 'Bench',
        familyName: `Patient ${i}`,
        birthDate: '1970-01-01',
        phone: '+15555550100',
      }),
    );
    assertAll201('POST /patients', patients.counted, total);
    const series = await posts('POST /series', '/series', TOKENS.physician, 0, total, (i) => ({
      patientId: patients.counted.ok.get(i),
      indication: 'crps-1',
      side: i % 2 === 0 ? 'left' : 'right',
      intent: 'prognostic',
    }));
    assertAll201('POST /series', series.counted, total);
    const seriesIds = Array.from({ length: total }, (_, i) => series.counted.ok.get(i)!);
    console.log(
      `set-up: ${fmt(total)} patients and series in ${fmt((Date.now() - setupStarted) / 1000, 1)} s`,
    );
    console.log(`  ${line(patients.result)}`);
    console.log(`  ${line(series.result)}`);

    const booking = (i: number) => ({
      seriesId: seriesIds[i],
      ...slotOf(i),
      sedation: i % 2 === 0,
      ...(i % 5 === 0 ? { anticoagulant: 'apixaban' } : {}),
    });
    const randomSeries = () => `/series/${seriesIds[Math.floor(Math.random() * total)]}`;

    // 2. Warm-up.
    const warmUp = await posts(
      'warm-up bookings',
      '/appointments',
      TOKENS.frontDesk,
      0,
      WARM_UP_BOOKINGS,
      booking,
      true,
    );
    assertAll201('warm-up bookings', warmUp.counted, WARM_UP_BOOKINGS);
    await run({ url: `${app.url}/health/live`, duration: 1 });
    await run({
      url: app.url,
      duration: 1,
      requests: [
        {
          method: 'GET',
          setupRequest: (r) => ({
            ...r,
            path: randomSeries(),
            headers: { authorization: TOKENS.physician },
          }),
        },
      ],
    });
    console.log(`warm-up: ${WARM_UP_BOOKINGS} bookings, 1 s of each GET`);

    // 3. Measured.
    const ceiling = await gets('GET /health/live (ceiling)', () => '/health/live');
    console.log(line(ceiling));

    const lag = sampleProjectionLag(app.url);
    const threadsBefore = threadCpuSeconds(appPid);
    const bookings = await posts(
      'POST /appointments',
      '/appointments',
      TOKENS.frontDesk,
      WARM_UP_BOOKINGS,
      BOOKINGS,
      booking,
      true,
    );
    const lagFigures = await lag.stop();
    const threadsAfter = threadCpuSeconds(appPid);
    console.log(line(bookings.result, ceiling));
    console.log(
      `  app CPU by thread (ms per booking): ${busiestThreads(threadsBefore, threadsAfter, bookings.result.requests)}`,
    );
    const non201 = bookings.counted.refused;
    console.log(
      `  non-201 answers: ${non201.length}${non201.length ? ` (first: ${non201[0]!.status} ${non201[0]!.body})` : ''}; no answer: ${BOOKINGS - bookings.counted.ok.size - non201.length}`,
    );
    console.log(
      `  projection lag during the bookings (${lagFigures.samples} samples of GET /health every ${LAG_SAMPLE_MS} ms, worst projection): p50 ${fmt(lagFigures.p50Ms, 1)} ms, p99 ${fmt(lagFigures.p99Ms, 1)} ms, max ${fmt(lagFigures.maxMs, 1)} ms, at most ${lagFigures.maxEvents} events behind`,
    );

    const seriesReads = await gets('GET /series/:id', randomSeries, TOKENS.physician);
    console.log(line(seriesReads, ceiling));
    const loadEnd = loadavg()[0]!;

    await stopApp(app);
    if (process.env.API_BENCH_CPU_PROF) {
      printProfile(appPid, [
        { title: ceiling.name, requests: ceiling.requests },
        { title: bookings.result.name, requests: bookings.result.requests },
        { title: seriesReads.name, requests: seriesReads.requests },
      ]);
    }
    const check = checkEventLog();
    const created = WARM_UP_BOOKINGS + bookings.counted.ok.size;
    const consistent =
      check.blockBooked === created &&
      check.slotReserved === created &&
      check.slotReleased === 0 &&
      check.doubleHeld === 0;
    console.log(
      `event log: ${check.blockBooked} BlockBooked, ${check.slotReserved} SlotReserved, ${check.slotReleased} SlotReleased for ${created} bookings answered 201; ${check.doubleHeld} resources held twice → ${consistent ? 'consistent' : 'INCONSISTENT'}`,
    );
    const all201 = non201.length === 0 && bookings.counted.ok.size === BOOKINGS;
    if (!consistent || !all201) failed = true;

    const targets = [
      ['bookings ≥ 1,000/s', bookings.result.perSecond >= 1000],
      ['bookings p99 ≤ 50 ms', bookings.result.p99 <= 50],
      ['GET /series/:id ≥ 5,000/s', seriesReads.perSecond >= 5000],
      ['projection lag p99 ≤ 100 ms', lagFigures.p99Ms <= 100],
      [`every booking 201 (${bookings.counted.ok.size} of ${BOOKINGS})`, all201],
    ] as const;
    console.log(
      `load average ${load.start.toFixed(2)} at the start, ${loadEnd.toFixed(2)} at the end`,
    );
    for (const [target, met] of targets) console.log(`  ${met ? 'met    ' : 'NOT met'}  ${target}`);
    console.log(
      `\n${JSON.stringify({
        date: new Date().toISOString(),
        machine,
        connections: CONNECTIONS,
        loadAverage: { start: load.start, end: loadEnd },
        ceiling,
        bookings: bookings.result,
        seriesReads,
        lag: lagFigures,
        check,
      })}`,
    );
  } catch (error) {
    failed = true;
    console.error(error);
    const log = existsSync(app.logFile)
      ? readFileSync(app.logFile, 'utf8').split('\n').slice(-20)
      : [];
    console.error(`last lines of the app's log:\n${log.join('\n')}`);
  } finally {
    await stopApp(app);
    await deleteRedisKeys(redisKeyPrefix).catch(() => undefined);
    if (failed && existsSync(app.logFile)) {
      const kept = join(benchData, `api-failed-${process.pid}.log`);
      copyFileSync(app.logFile, kept);
      console.error(`the app's log is kept in ${kept}`);
    }
    if (!process.env.API_BENCH_KEEP) rmSync(runDir, { recursive: true, force: true });
  }
  if (failed) process.exitCode = 1;
}

void main();
