/**
 * `npm run bench:projections`: the read side on a generated clinic history.
 *
 * 1. History: 50,000 treatment series over two years in a clinic of 40 physicians and 32
 *    fluoroscopy rooms (libs/testing generateClinicHistory: every event from the domain's deciders),
 *    cut at 1,000,000 events, written to a SQLite event store on the project's disk
 *    (.bench-data/), in groups of appends.
 * 2. Ceiling: readAll of that store, start to end, in pages of 2,000 (the rebuild's page size),
 *    three times, alternating with three rebuilds (3.); the best of each side.
 * 3. Rebuild: every view from the start of the log, in parts (threads) as the api rebuilds, into a
 *    fresh read-model file then beside the generation it made; events/s and the ratio to the
 *    readAll rate measured in the same run (target ≥ 30 %); then once in one thread to compare.
 * 4. Availability: GET /availability's handler over random 8-week windows of the busy history,
 *    for random physician/room pairs (target p99 ≤ 20 ms).
 * 5. Lag (indicative only): the runner following appends made straight to the store at a steady
 *    rate, measured with recordProjectionLag. The figure the target is about (lag p99 ≤ 100 ms
 *    while the API booking benchmark runs) needs the HTTP app: start recordProjectionLag on the
 *    app's ProjectionProgress around that benchmark.
 *
 * PROJECTIONS_BENCH_QUICK=1: a smoke run (2,000 series) whose figures are not worth recording.
 * PROJECTIONS_BENCH_KEEP=1: keep the generated store in .bench-data/ for the next run (it is
 * reused when present; generating and writing it takes minutes). Otherwise everything is removed.
 * PROJECTIONS_BENCH_WRITE=1 (default for a full run): write the "Projections" section of
 * BENCHMARKS.md. Run it alone, on an otherwise idle machine.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { version as betterSqliteVersion } from 'better-sqlite3/package.json';
import { addDays, dateOfMillis, wallClockToMillis } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import {
  GetAvailabilityHandler,
  GetAvailabilityQuery,
  PROJECTIONS,
  ProjectionProgress,
  ProjectionRebuilder,
  ProjectionRunner,
  READ_MODELS_FILE,
  ReadModelDatabase,
  recordProjectionLag,
  type ClinicConfig,
  type LagSummary,
} from '@app/read-models';
import { generateClinicHistory, writeClinicHistory, type HistoryAppend } from '@app/testing';
import { REBUILD_GROUPS, rebuildInThreads } from '../apps/api/src/threads/rebuild-in-threads';

const QUICK = !!process.env.PROJECTIONS_BENCH_QUICK;
const KEEP = !!process.env.PROJECTIONS_BENCH_KEEP;
const WRITE = process.env.PROJECTIONS_BENCH_WRITE
  ? process.env.PROJECTIONS_BENCH_WRITE === '1'
  : !QUICK;
const SERIES = QUICK ? 2_000 : 50_000;
const MAX_EVENTS = QUICK ? 40_000 : 1_000_000;
const DAYS = 730;
/** Share of appointments reminded through the service (the rest by phone): ~20 events a series. */
const REMINDER_SHARE = 0.3;
const SEED = 20250106;
const PAGE = 2_000;
/** Each side (readAll, the rebuild in parts) is measured this many times, alternating. */
const ROUNDS = QUICK ? 2 : 3;
const AVAILABILITY_QUERIES = QUICK ? 100 : 1000;
const LIVE_APPENDS_PER_SECOND = 200;
const LIVE_SECONDS = QUICK ? 5 : 20;

const root = join(__dirname, '..', '.bench-data');
const historyDir = join(root, `projections-history-${SERIES}-${MAX_EVENTS}-${SEED}`);
const runDir = join(root, `projections-run-${process.pid}`);

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** "a, b and c". */
function listOf(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(0)} MB`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function fileSystemOf(dir: string): string {
  try {
    const lines = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n');
    const [device, type] = lines[lines.length - 1]!.split(/\s+/);
    return `${type} (${device})`;
  } catch {
    return 'unknown';
  }
}

function sizeOf(file: string): number {
  return ['', '-wal'].reduce(
    (sum, s) => sum + (existsSync(file + s) ? statSync(file + s).size : 0),
    0,
  );
}

/** The history, generated and written once (reused with PROJECTIONS_BENCH_KEEP). */
async function prepareHistory(): Promise<{
  clinic: ClinicConfig;
  startsAt: string;
  endsAt: string;
  events: number;
  writeMs: number | null;
}> {
  const history = generateClinicHistory({
    series: SERIES,
    seed: SEED,
    days: DAYS,
    reminders: 'outcomes',
    reminderShare: REMINDER_SHARE,
    maxEvents: MAX_EVENTS,
  });
  const clinic = { calendar: history.calendar, policy: history.policy };
  const marker = join(historyDir, 'complete.json');
  if (existsSync(marker)) {
    const { events } = JSON.parse(readFileSync(marker, 'utf8')) as { events: number };
    console.log(`Reusing the history in ${historyDir} (${fmt(events)} events).`);
    return { clinic, startsAt: history.startsAt, endsAt: history.endsAt, events, writeMs: null };
  }
  rmSync(historyDir, { recursive: true, force: true });
  mkdirSync(historyDir, { recursive: true });
  const store = new SqliteEventStore({
    file: join(historyDir, 'events.sqlite'),
    synchronous: 'NORMAL',
  });
  const started = performance.now();
  let last = 0;
  const events = await writeClinicHistory(store, history.appends, {
    appendsPerGroup: 1000,
    onProgress: (n) => {
      if (n - last >= 100_000) {
        last = n;
        console.log(
          `  generated and written: ${fmt(n)} events, ${((performance.now() - started) / 1000).toFixed(0)} s`,
        );
      }
    },
  });
  const writeMs = performance.now() - started;
  await store.close();
  writeFileSync(marker, JSON.stringify({ events }));
  return { clinic, startsAt: history.startsAt, endsAt: history.endsAt, events, writeMs };
}

/**
 * The ceiling: every event of the log read, data and metadata included (the store parses them when
 * first touched, so a reader that never looks at them would measure less than reading the log).
 */
async function readAllRate(store: SqliteEventStore): Promise<{ events: number; ms: number }> {
  const started = performance.now();
  let events = 0;
  let position = -1n;
  let fields = 0;
  for (;;) {
    const page = await store.readAll(
      position < 0n ? { maxCount: PAGE } : { fromPosition: position + 1n, maxCount: PAGE },
    );
    if (page.length === 0) break;
    for (const event of page) {
      if (event.data !== undefined && event.metadata.recordedAt) fields++;
    }
    events += page.length;
    position = page[page.length - 1]!.position;
  }
  if (fields !== events) throw new Error('readAll: an event without data or recordedAt');
  return { events, ms: performance.now() - started };
}

async function availability(
  db: ReadModelDatabase,
  clinic: ClinicConfig,
  startMs: number,
  endMs: number,
) {
  const handler = new GetAvailabilityHandler(db, { dataDir: runDir, clinic });
  const { physicians, rooms, timeZone } = clinic.calendar;
  const firstDay = dateOfMillis(startMs, timeZone);
  const span = Math.floor((endMs - startMs) / 86_400_000) - 120;
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const query = () => {
    const from = addDays(firstDay, 60 + Math.floor(random() * span));
    return new GetAvailabilityQuery({
      physicianId: physicians[Math.floor(random() * physicians.length)]!.id,
      roomId: rooms[Math.floor(random() * rooms.length)]!.id,
      from,
      to: addDays(from, 55), // 8 weeks
      now: new Date(wallClockToMillis(from, '00:00', timeZone) - 86_400_000).toISOString(),
    });
  };
  for (let i = 0; i < 100; i++) await handler.execute(query());
  const times: number[] = [];
  let starts = 0;
  for (let i = 0; i < AVAILABILITY_QUERIES; i++) {
    const q = query();
    const t0 = performance.now();
    const result = await handler.execute(q);
    times.push(performance.now() - t0);
    starts += result.starts.length;
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 0.5),
    p95: percentile(times, 0.95),
    p99: percentile(times, 0.99),
    max: times[times.length - 1]!,
    meanStarts: starts / AVAILABILITY_QUERIES,
  };
}

/** Appends a second, later clinic history at a steady rate while the runner follows it. */
async function liveLag(
  historyStore: SqliteEventStore,
  db: ReadModelDatabase,
  clinic: ClinicConfig,
  endsAt: string,
): Promise<{ summary: LagSummary; appends: number; events: number }> {
  // On a copy of the history: the kept history stays as generated.
  await historyStore.close();
  const copy = join(runDir, 'live-events.sqlite');
  copyFileSync(join(historyDir, 'events.sqlite'), copy);
  const store = new SqliteEventStore({ file: copy, synchronous: 'NORMAL' });
  try {
    return await followLiveAppends(store, db, clinic, endsAt);
  } finally {
    await store.close();
  }
}

async function followLiveAppends(
  store: SqliteEventStore,
  db: ReadModelDatabase,
  clinic: ClinicConfig,
  endsAt: string,
): Promise<{ summary: LagSummary; appends: number; events: number }> {
  const progress = new ProjectionProgress(store);
  const runner = new ProjectionRunner(store, db, PROJECTIONS, clinic, progress);
  runner.start();
  await progress.waitFor(await store.headPosition(), 600_000);
  const live = generateClinicHistory({
    series: 2_000,
    seed: SEED + 1,
    startDate: addDays(endsAt.slice(0, 10), 7),
    days: 120,
    reminders: 'outcomes',
  });
  // Its ids are fresh; its streams are new (later clinic days): it appends cleanly after the first.
  const appends: HistoryAppend[] = [];
  for (const append of live.appends) {
    appends.push(append);
    if (appends.length >= LIVE_APPENDS_PER_SECOND * LIVE_SECONDS) break;
  }
  const lag = recordProjectionLag(progress);
  const started = performance.now();
  let events = 0;
  for (let i = 0; i < appends.length; i++) {
    const due = started + (i * 1000) / LIVE_APPENDS_PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const append = appends[i]!;
    await store.append(append.stream, append.events, { expectedRevision: append.expectedRevision });
    events += append.events.length;
  }
  await progress.waitFor(await store.headPosition(), 60_000);
  const summary = lag.stop();
  await runner.stop();
  return { summary, appends: appends.length, events };
}

function writeSection(section: string): void {
  const file = join(__dirname, '..', 'BENCHMARKS.md');
  const existing = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf('\n## Projections');
  let next = start < 0 ? -1 : existing.indexOf('\n## ', start + 1);
  if (next < 0) next = existing.length;
  const updated =
    start < 0
      ? `${existing.trimEnd()}\n\n${section}\n`
      : `${existing.slice(0, start)}\n${section}\n${existing.slice(next)}`;
  writeFileSync(file, updated.replace(/\n{3,}/g, '\n\n'));
  console.log(`Wrote the Projections section of ${file}`);
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  mkdirSync(runDir, { recursive: true });
  console.log(
    `History: ${fmt(SERIES)} series over ${DAYS} days, cut at ${fmt(MAX_EVENTS)} events …`,
  );
  const { clinic, startsAt, endsAt, events, writeMs } = await prepareHistory();
  const store = new SqliteEventStore({
    file: join(historyDir, 'events.sqlite'),
    synchronous: 'NORMAL',
  });
  const db = ReadModelDatabase.open(join(runDir, READ_MODELS_FILE));
  try {
    // Both sides ROUNDS times, alternating (the machine's speed drifts by a third within minutes
    // on a shared VM), and the best of each: readAll, the rebuild in parts, readAll, …; then the
    // one-thread rebuild to compare.
    const readAlls: Array<{ events: number; ms: number }> = [];
    const rebuilds: Array<{ durationMs: number; cpuMs: number }> = [];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`readAll (the ceiling), round ${round} …`);
      const readAll = await readAllRate(store);
      readAlls.push(readAll);
      console.log(`  ${fmt(readAll.events)} events in ${fmt(readAll.ms)} ms`);
      console.log(`Rebuild in parts, in threads (as the api and the tool do), round ${round} …`);
      const cpu0 = process.cpuUsage();
      const rebuilt = await new ProjectionRebuilder(store, db, PROJECTIONS, clinic, null, {
        parts: rebuildInThreads({
          eventStore: { dataDir: historyDir, sqliteSynchronous: 'NORMAL' },
          readModelsFile: join(runDir, READ_MODELS_FILE),
        }),
      }).rebuild();
      const cpu = process.cpuUsage(cpu0);
      rebuilds.push({ durationMs: rebuilt.durationMs, cpuMs: (cpu.user + cpu.system) / 1000 });
      console.log(`  ${fmt(rebuilt.events)} events in ${fmt(rebuilt.durationMs)} ms`);
    }
    console.log('Rebuild in one thread (for comparison) …');
    const single = await new ProjectionRebuilder(store, db, PROJECTIONS, clinic, null).rebuild();
    console.log(`  ${fmt(single.events)} events in ${fmt(single.durationMs)} ms`);
    const readAllRateBest = Math.max(...readAlls.map((r) => r.events / r.ms)) * 1000;
    const rebuild = rebuilds.reduce((best, r) => (r.durationMs < best.durationMs ? r : best));
    // Rates over the whole log (a rebuild hands its projections only the events of their types).
    const rebuildRate = (events / rebuild.durationMs) * 1000;
    console.log('Availability …');
    const avail = await availability(db, clinic, Date.parse(startsAt), Date.parse(endsAt));
    console.log(`  p99 ${avail.p99.toFixed(2)} ms`);
    console.log('Lag under a synthetic append load …');
    const live = await liveLag(store, db, clinic, endsAt);
    console.log(`  p99 ${live.summary.p99Ms} ms`);
    const loadAfter = loadavg();

    const cpu = cpus();
    const ratio = rebuildRate / readAllRateBest;
    const lines = [
      '## Projections',
      '',
      `\`npm run bench:projections\` — ${new Date().toISOString()}${QUICK ? ' — QUICK RUN, not representative' : ''}`,
      '',
      `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ` +
        `file system ${fileSystemOf(root)}; Node ${process.version}; better-sqlite3 ${betterSqliteVersion}; ` +
        `load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after (a shared machine: other work competes).`,
      '',
      `History: ${fmt(events)} events — ${fmt(SERIES)} treatment series opened over ${DAYS} days, ` +
        `${clinic.calendar.physicians.length} physicians, ${clinic.calendar.rooms.length} fluoroscopy rooms; registrations, ` +
        `bookings, reschedules, cancellations, no-shows, abandoned bookings, check-ins, procedures and outcomes, discharges, ` +
        `follow-ups, cap overrides, referrals, closures, reminder outcomes (${pct(REMINDER_SHARE)} of appointments reminded ` +
        `through the service), cut at ${fmt(MAX_EVENTS)} events; every event from the domain's deciders. ` +
        `Event store ${mb(sizeOf(join(historyDir, 'events.sqlite')))}` +
        (writeMs === null
          ? ' (reused from an earlier run).'
          : `, generated and written in ${fmt(writeMs / 1000)} s.`),
      '',
      '| figure | result | target | met |',
      '|---|---|---|---|',
      `| readAll of the store (pages of ${fmt(PAGE)}), the ceiling | ${fmt(readAllRateBest)} events/s (the best of ${listOf(readAlls.map((r) => `${fmt(r.ms)} ms`))}) | — | — |`,
      `| rebuild of every view (${PROJECTIONS.length} projections) from the start of the log, in ${REBUILD_GROUPS.length} parts (threads): ${REBUILD_GROUPS.map((g) => g.join(' + ')).join('; ')} | ${fmt(rebuild.durationMs)} ms, ${fmt(rebuildRate)} events/s (the best of ${listOf(rebuilds.map((r) => `${fmt(r.durationMs)} ms`))}); CPU (all threads) ${fmt(rebuild.cpuMs)} ms | — | — |`,
      `| the same rebuild in one thread (for comparison) | ${fmt(single.durationMs)} ms, ${fmt((events / single.durationMs) * 1000)} events/s, ${pct(((events / single.durationMs) * 1000) / readAllRateBest)} of readAll | — | — |`,
      `| rebuild ÷ readAll | ${pct(ratio)} | ≥ 30 % | ${ratio >= 0.3 ? 'yes' : 'NO'} |`,
      `| availability, 8-week window, one physician and one room (${AVAILABILITY_QUERIES} random queries) | p50 ${avail.p50.toFixed(2)} ms, p95 ${avail.p95.toFixed(2)} ms, p99 ${avail.p99.toFixed(2)} ms, max ${avail.max.toFixed(2)} ms (${fmt(avail.meanStarts)} free starts on average) | p99 ≤ 20 ms | ${avail.p99 <= 20 ? 'yes' : 'NO'} |`,
      `| projection lag, synthetic: ${fmt(LIVE_APPENDS_PER_SECOND)} appends/s straight to the store (${fmt(live.events)} events), in process | p50 ${live.summary.p50Ms} ms, p99 ${live.summary.p99Ms} ms, max ${live.summary.maxMs} ms | (indicative) | — |`,
      '| projection lag while the API booking benchmark runs | not measured here: needs the HTTP app (hook: `recordProjectionLag(progress)` around the booking benchmark) | p99 ≤ 100 ms | — |',
      '',
      `Read-model file after the rebuild: ${mb(sizeOf(join(runDir, READ_MODELS_FILE)))}. Each part reads the log itself ` +
        '(readAll pages) and feeds its projections; rows changed stay in memory and are committed every 250,000 events with ' +
        'the checkpoints; the secondary indexes are built at the end, in the transaction that swaps the new tables in. The ' +
        'history and the reminders of an appointment are not copied into views: they are read from the log at query time.',
      '',
      'Lag per projection (synthetic load): ' +
        Object.entries(live.summary.byProjection)
          .map(([name, s]) => `${name} p99 ${s.p99Ms} ms`)
          .join(', ') +
        '.',
    ];
    const section = lines.join('\n');
    console.log(`\n${section}\n`);
    if (WRITE) writeSection(section);
  } finally {
    db.close();
    await store.close();
    rmSync(runDir, { recursive: true, force: true });
    if (!KEEP) rmSync(historyDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(runDir, { recursive: true, force: true });
  process.exitCode = 1;
});
