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
const READ_ALL_PAGE = 1_000;
/** Pages this large outgrow V8's young generation: every event is promoted, and GC dominates. */
const READ_ALL_LARGE_PAGE = 10_000;
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

/** Runs raw and store steps turn about (up to `total` each, within the time budget), timing each side. */
async function alternating(
  total: number,
  rawStep: (i: number) => unknown,
  storeStep: (i: number) => Promise<unknown>,
): Promise<{ raw: Timed; store: Timed }> {
  const raw: Timed = { count: 0, ms: 0 };
  const store: Timed = { count: 0, ms: 0 };
  const start = performance.now();
  for (let i = 0; i < total && performance.now() - start < 2 * PHASE_BUDGET_MS; i++) {
    let t = performance.now();
    rawStep(i);
    raw.ms += performance.now() - t;
    raw.count += 1;
    t = performance.now();
    await storeStep(i);
    store.ms += performance.now() - t;
    store.count += 1;
  }
  return { raw, store };
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
    // Raw and store steps alternate, so both see the same disk (fsync latency drifts on a VM).
    const insert = raw.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertBatch = raw.transaction((rows: ReturnType<typeof rowOf>[]) => {
      for (const row of rows) insert.run(...row);
    });
    let rawPosition = 0;
    const revisions = new Map<string, bigint>();
    const appendTo = async (stream: string, events: EventToAppend[]) => {
      const current = revisions.get(stream);
      const result = await store.append(stream, events, {
        expectedRevision: current ?? 'no-stream',
      });
      revisions.set(stream, result.nextRevision);
    };

    // Single: raw = one autocommit INSERT (one commit, one fsync); store = one append of one event.
    const { raw: rawSingle, store: single } = await alternating(
      SINGLE_APPENDS,
      (i) => insert.run(...rowOf(sample(i), rawPosition++, `Raw-${i % 100}`, Math.floor(i / 100))),
      (i) => appendTo(`Single-${i % 100}`, [sample(i)]),
    );

    // Batched: raw = 50 INSERTs in one transaction; store = one append of 50 events.
    const { raw: rawBatched, store: batched } = await alternating(
      BATCHES,
      (b) => {
        const stream = `RawBatch-${b % 20}`;
        const base = Math.floor(b / 20) * BATCH_SIZE;
        insertBatch(
          Array.from({ length: BATCH_SIZE }, (_, i) =>
            rowOf(sample(i), rawPosition++, stream, base + i),
          ),
        );
      },
      (b) =>
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

    // One 1,000-event stream, read whole, many times; and the same rows read raw (no JSON, no mapping).
    const timesOf = async (read: () => unknown) => {
      const times: number[] = [];
      for (let i = 0; i < STREAM_READS; i++) {
        const start = performance.now();
        await read();
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b);
    };
    const streamTimes = await timesOf(async () => {
      const events = await store.readStream('Long-1');
      if (events.length !== STREAM_EVENTS) throw new Error(`read ${events.length} events`);
    });
    // The store's own file through a second, raw connection: the same rows, the same disk.
    const rawReader = new Database(join(runDir, 'events.sqlite'), { readonly: true });
    const rawStreamTimes = await timesOf(() =>
      rawReader.prepare('SELECT * FROM events WHERE stream = ? ORDER BY revision').all('Long-1'),
    );

    // Subscription catch-up from the start over CATCH_UP_EVENTS events.
    const subscription = store.subscribeToAll();
    const catchUpStart = performance.now();
    let caughtUp = 0;
    for await (const _event of subscription) {
      if (++caughtUp >= CATCH_UP_EVENTS) break;
    }
    const catchUpMs = performance.now() - catchUpStart;

    // readAll: the whole log, in pages (as a projection rebuild reads it), at two page sizes.
    const readAllRate = async (pageSize: number) => {
      let count = 0;
      const start = performance.now();
      for (let from = 0n; ;) {
        const page = await store.readAll({ fromPosition: from, maxCount: pageSize });
        count += page.length;
        if (page.length < pageSize) break;
        from = page[page.length - 1]!.position + 1n;
      }
      return perSecond(count, performance.now() - start);
    };
    // Raw ceiling for reads: the same file, the same pages, rows only (no JSON, no mapping).
    const rawPage = rawReader
      .prepare('SELECT * FROM events WHERE position >= ? ORDER BY position LIMIT ?')
      .raw(true);
    const rawScanRate = (pageSize: number) => {
      let count = 0;
      const start = performance.now();
      for (let from = 0; ;) {
        const rows = rawPage.all(from, pageSize) as unknown[][];
        count += rows.length;
        if (rows.length < pageSize) break;
        from = Number(rows[rows.length - 1]![0]) + 1;
      }
      return perSecond(count, performance.now() - start);
    };
    // Best of two, turn about: the first pass also warms caches and the JIT.
    let readAllSmall = 0;
    let rawScan = 0;
    for (let pass = 0; pass < 2; pass++) {
      rawScan = Math.max(rawScan, rawScanRate(READ_ALL_PAGE));
      readAllSmall = Math.max(readAllSmall, await readAllRate(READ_ALL_PAGE));
    }
    const readAllLarge = await readAllRate(READ_ALL_LARGE_PAGE);
    rawReader.close();

    const figures = {
      rawSingle: perSecond(rawSingle.count, rawSingle.ms),
      single: perSecond(single.count, single.ms),
      rawBatched: perSecond(rawBatched.count * BATCH_SIZE, rawBatched.ms),
      batched: perSecond(batched.count * BATCH_SIZE, batched.ms),
      readAll: readAllSmall,
      readAllLarge,
      rawScan,
      streamMedian: percentile(streamTimes, 50),
      rawStreamMedian: percentile(rawStreamTimes, 50),
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
      `| readAll (pages of ${fmt(READ_ALL_PAGE)}) | ${fmt(figures.readAll)} events/s | ${fmt(figures.rawScan)} rows/s (same pages, rows only) | ${pct(figures.readAll / figures.rawScan)} | ≥ 100,000/s | ${figures.readAll >= 100_000 ? 'yes' : 'NO'} |`,
      `| readAll (pages of ${fmt(READ_ALL_LARGE_PAGE)}) | ${fmt(figures.readAllLarge)} events/s | ${fmt(figures.rawScan)} rows/s (same pages, rows only) | ${pct(figures.readAllLarge / figures.rawScan)} | (≥ 100,000/s) | ${figures.readAllLarge >= 100_000 ? 'yes' : 'NO'} |`,
      `| one ${fmt(STREAM_EVENTS)}-event stream read (${STREAM_READS} reads) | median ${figures.streamMedian.toFixed(2)} ms, p99 ${figures.streamP99.toFixed(2)} ms | median ${figures.rawStreamMedian.toFixed(2)} ms (rows only) | ${(figures.streamMedian / figures.rawStreamMedian).toFixed(1)}× the raw time | < 10 ms | ${figures.streamP99 < 10 ? 'yes (p99)' : figures.streamMedian < 10 ? 'median only' : 'NO'} |`,
      `| subscription catch-up over ${fmt(caughtUp)} events | ${fmt(figures.catchUp)} events/s | ${fmt(figures.rawScan)} rows/s (pages, rows only) | ${pct(figures.catchUp / figures.rawScan)} | ≥ 50,000/s | ${figures.catchUp >= 50_000 ? 'yes' : 'NO'} |`,
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
