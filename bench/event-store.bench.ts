/**
 * `npm run bench:event-store`: the SQLite adapter's throughput, against raw better-sqlite3 on an
 * equivalent table (same columns and indexes, same pragmas) in the same run, on the same disk.
 * Files go to .bench-data/ in the repository (the project's disk, not a tmpfs) and are removed.
 * Run it alone on an otherwise idle machine; the figures feed BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { version as betterSqliteVersion } from 'better-sqlite3/package.json';
import { type EventToAppend, SqliteEventStore } from '@app/event-store';

/** EVENT_STORE_BENCH_QUICK=1: a smoke run of the script itself, with figures not worth recording. */
const SCALE = process.env.EVENT_STORE_BENCH_QUICK ? 0.05 : 1;
const SINGLE_APPENDS = Math.round(2_000 * SCALE);
const BATCH_SIZE = 50;
const BATCHES = Math.round(400 * SCALE);
const CATCH_UP_EVENTS = Math.round(100_000 * SCALE);
const STREAM_EVENTS = 1_000;
const STREAM_READS = Math.round(300 * SCALE);
const READ_ALL_PAGE = 10_000;
/** Each timed phase also stops after this long, so a slow disk does not make the run endless. */
const PHASE_BUDGET_MS = 15_000;

const root = join(__dirname, '..', '.bench-data');
const runDir = join(root, `run-${process.pid}-${Date.now()}`);

function sample(n: number): EventToAppend {
  const day = `2027-03-${String((n % 28) + 1).padStart(2, '0')}`;
  return {
    id: randomUUID(),
    type: 'SlotReserved',
    data: {
      clinicDate: day,
      appointmentId: randomUUID(),
      seriesId: randomUUID(),
      physicianId: 'physician-2',
      roomId: 'fluoro-1',
      start: `${day}T09:00:00-05:00`,
      end: `${day}T09:45:00-05:00`,
      reservedAt: `${day}T08:12:31.512-05:00`,
    },
    metadata: {
      actor: { id: 'front-desk-7', role: 'front-desk' },
      correlationId: randomUUID(),
      causationId: randomUUID(),
    },
  };
}

function rowOf(event: EventToAppend, position: number, stream: string, revision: number) {
  const metadata = JSON.stringify({ recordedAt: new Date().toISOString(), ...event.metadata });
  return [
    position,
    stream,
    revision,
    event.id,
    event.type,
    JSON.stringify(event.data),
    metadata,
  ] as const;
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

function rawDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE events (
      position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL,
      id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL);
    CREATE UNIQUE INDEX events_by_stream ON events (stream, revision);
    CREATE INDEX events_by_id ON events (id);`);
  return db;
}

interface Timed {
  count: number;
  ms: number;
}

async function timed(
  total: number,
  step: (i: number) => Promise<unknown> | unknown,
): Promise<Timed> {
  const start = performance.now();
  let count = 0;
  while (count < total && performance.now() - start < PHASE_BUDGET_MS) {
    await step(count);
    count += 1;
  }
  return { count, ms: performance.now() - start };
}

const perSecond = (count: number, ms: number) => (count * 1000) / ms;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (ratio: number) => `${(ratio * 100).toFixed(0)} %`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  const fileSystem = fileSystemOf(runDir);
  if (fileSystem.startsWith('tmpfs'))
    throw new Error(`.bench-data is on ${fileSystem}: the figures would mean nothing`);

  const raw = rawDatabase(join(runDir, 'raw.sqlite'));
  const store = new SqliteEventStore({ file: join(runDir, 'events.sqlite'), synchronous: 'FULL' });
  try {
    // Raw ceiling, single: one autocommit INSERT (one commit, one fsync) per event.
    const insert = raw.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)');
    let rawPosition = 0;
    const rawSingle = await timed(SINGLE_APPENDS, (i) =>
      insert.run(...rowOf(sample(i), rawPosition++, `Raw-${i % 100}`, Math.floor(i / 100))),
    );

    // Store, single: one append of one event per commit, exact expected revisions.
    const revisions = new Map<string, bigint>();
    const appendTo = async (stream: string, events: EventToAppend[]) => {
      const current = revisions.get(stream);
      const result = await store.append(stream, events, {
        expectedRevision: current ?? 'no-stream',
      });
      revisions.set(stream, result.nextRevision);
    };
    const single = await timed(SINGLE_APPENDS, (i) => appendTo(`Single-${i % 100}`, [sample(i)]));

    // Raw ceiling, batched: 50 INSERTs in one transaction.
    const insertBatch = raw.transaction((rows: ReturnType<typeof rowOf>[]) => {
      for (const row of rows) insert.run(...row);
    });
    const rawBatched = await timed(BATCHES, (b) => {
      const stream = `RawBatch-${b % 20}`;
      const base = Math.floor(b / 20) * BATCH_SIZE;
      insertBatch(
        Array.from({ length: BATCH_SIZE }, (_, i) =>
          rowOf(sample(i), rawPosition++, stream, base + i),
        ),
      );
    });

    // Store, batched: one append of 50 events per commit.
    const batched = await timed(BATCHES, (b) =>
      appendTo(
        `Batch-${b % 20}`,
        Array.from({ length: BATCH_SIZE }, (_, i) => sample(i)),
      ),
    );

    // One 1,000-event stream, then fill the log past the catch-up size (setup, not timed).
    for (let i = 0; i < STREAM_EVENTS; i += 100) {
      await appendTo(
        'Long-1',
        Array.from({ length: 100 }, (_, j) => sample(i + j)),
      );
    }
    let fill = 0;
    while ((await store.headPosition()) + 1n < BigInt(CATCH_UP_EVENTS)) {
      await appendTo(
        `Fill-${fill++ % 500}`,
        Array.from({ length: 500 }, (_, i) => sample(i)),
      );
    }
    const logSize = Number((await store.headPosition()) + 1n);

    // readAll: the whole log, in pages (as a projection rebuild reads it).
    let readCount = 0;
    const readAllStart = performance.now();
    for (let from = 0n; ;) {
      const page = await store.readAll({ fromPosition: from, maxCount: READ_ALL_PAGE });
      readCount += page.length;
      if (page.length < READ_ALL_PAGE) break;
      from = page[page.length - 1]!.position + 1n;
    }
    const readAllMs = performance.now() - readAllStart;

    // Raw ceiling for reads: the same scan, rows only (no JSON.parse, no mapping).
    const rawScanStart = performance.now();
    let rawScanned = 0;
    for (const _row of raw.prepare('SELECT * FROM events ORDER BY position').iterate())
      rawScanned += 1;
    const rawScanMs = performance.now() - rawScanStart;

    // One 1,000-event stream, read whole, many times.
    const streamTimes: number[] = [];
    for (let i = 0; i < STREAM_READS; i++) {
      const start = performance.now();
      const events = await store.readStream('Long-1');
      streamTimes.push(performance.now() - start);
      if (events.length !== STREAM_EVENTS) throw new Error(`read ${events.length} events`);
    }
    streamTimes.sort((a, b) => a - b);

    // Subscription catch-up from the start over CATCH_UP_EVENTS events.
    const subscription = store.subscribeToAll();
    const catchUpStart = performance.now();
    let caughtUp = 0;
    for await (const _event of subscription) {
      if (++caughtUp >= CATCH_UP_EVENTS) break;
    }
    const catchUpMs = performance.now() - catchUpStart;

    const figures = {
      rawSingle: perSecond(rawSingle.count, rawSingle.ms),
      single: perSecond(single.count, single.ms),
      rawBatched: perSecond(rawBatched.count * BATCH_SIZE, rawBatched.ms),
      batched: perSecond(batched.count * BATCH_SIZE, batched.ms),
      readAll: perSecond(readCount, readAllMs),
      rawScan: perSecond(rawScanned, rawScanMs),
      streamMedian: percentile(streamTimes, 50),
      streamP99: percentile(streamTimes, 99),
      catchUp: perSecond(caughtUp, catchUpMs),
    };
    const cpu = cpus();
    const lines = [
      `Event store (SQLite adapter), synchronous=FULL, WAL — ${new Date().toISOString()}`,
      `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores; file system ${fileSystem}; Node ${process.version}; better-sqlite3 ${betterSqliteVersion}`,
      `Log size for reads: ${fmt(logSize)} events (data ≈ ${JSON.stringify(sample(0).data).length} B, metadata ≈ ${JSON.stringify(sample(0).metadata).length + 40} B each)`,
      '',
      '| figure | event store | raw better-sqlite3 | ratio | target | met |',
      '|---|---|---|---|---|---|',
      `| single-event appends (1 commit each) | ${fmt(figures.single)} appends/s | ${fmt(figures.rawSingle)} inserts/s | ${pct(figures.single / figures.rawSingle)} | — | — |`,
      `| batched appends (${BATCH_SIZE} events/commit) | ${fmt(figures.batched)} events/s | ${fmt(figures.rawBatched)} rows/s | ${pct(figures.batched / figures.rawBatched)} | ≥ 50 % of raw | ${figures.batched >= 0.5 * figures.rawBatched ? 'yes' : 'NO'} |`,
      `| readAll (pages of ${fmt(READ_ALL_PAGE)}) | ${fmt(figures.readAll)} events/s | ${fmt(figures.rawScan)} rows/s (scan, no JSON) | ${pct(figures.readAll / figures.rawScan)} | ≥ 100,000/s | ${figures.readAll >= 100_000 ? 'yes' : 'NO'} |`,
      `| one ${fmt(STREAM_EVENTS)}-event stream read (${STREAM_READS} reads) | median ${figures.streamMedian.toFixed(2)} ms, p99 ${figures.streamP99.toFixed(2)} ms | — | — | < 10 ms | ${figures.streamP99 < 10 ? 'yes (p99)' : figures.streamMedian < 10 ? 'median only' : 'NO'} |`,
      `| subscription catch-up over ${fmt(caughtUp)} events | ${fmt(figures.catchUp)} events/s | ${fmt(figures.rawScan)} rows/s (scan) | ${pct(figures.catchUp / figures.rawScan)} | ≥ 50,000/s | ${figures.catchUp >= 50_000 ? 'yes' : 'NO'} |`,
      '',
      `Counts: ${fmt(single.count)} single appends in ${fmt(single.ms)} ms, ${fmt(rawSingle.count)} raw single inserts in ${fmt(rawSingle.ms)} ms, ` +
        `${fmt(batched.count)} batches in ${fmt(batched.ms)} ms, ${fmt(rawBatched.count)} raw batches in ${fmt(rawBatched.ms)} ms.`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await store.close();
    raw.close();
    rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  rmSync(runDir, { recursive: true, force: true });
  process.exitCode = 1;
});
