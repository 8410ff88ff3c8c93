import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CLINICAL_POLICY, DEMO_CLINIC_CALENDAR } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import {
  generateClinicHistory,
  patientRegistered,
  seriesStory,
  writeClinicHistory,
} from '@app/testing';
import { ReadModelDatabase } from '../database/read-model-database';
import type { ClinicConfig } from '../clinic-config';
import { GetSeriesHandler } from '../series-view/get-series.handler';
import { GetSeriesQuery } from '../series-view/get-series.query';
import { SERIES_VIEW } from '../series-view/series-view.projection';
import { appendToStore, dumpViews } from '../testing/view-test-kit';
import type { ProjectionDefinition } from './projection';
import { RebuildFailedError, RebuildInProgressError } from './projection.errors';
import { ProjectionProgress } from './projection-progress';
import { ProjectionRebuilder } from './projection-rebuilder';
import { ProjectionRunner } from './projection-runner';
import { rebuildPartsInProcess, type RebuildParts } from './rebuild-parts';
import { PROJECTIONS } from './projections';

const WAIT_MS = 60_000;

describe('ProjectionRebuilder (real SQLite files)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let db: ReadModelDatabase;
  let runner: ProjectionRunner;
  let progress: ProjectionProgress;
  let clinic: ClinicConfig;

  function setUp(definitions: readonly ProjectionDefinition[] = PROJECTIONS) {
    db = ReadModelDatabase.open(join(dir, 'read-models.sqlite'));
    progress = new ProjectionProgress(store);
    runner = new ProjectionRunner(store, db, definitions, clinic, progress);
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projection-rebuilder-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    clinic = { calendar: DEMO_CLINIC_CALENDAR, policy: DEFAULT_CLINICAL_POLICY };
  });

  afterEach(async () => {
    await runner?.stop();
    db?.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a rebuild equals the incremental build, on a generated clinic history of thousands of series', async () => {
    const history = generateClinicHistory({
      series: 2000,
      seed: 7,
      days: 365,
      reminders: 'outcomes',
    });
    clinic = { calendar: history.calendar, policy: history.policy };
    const appends = [...history.appends];
    const half = Math.floor(appends.length / 2);
    setUp();
    // Incremental: the runner catches up on the first half of the clinic's year in small
    // batches, then follows the second half as it is written.
    const first = await writeClinicHistory(store, appends.slice(0, half));
    runner = new ProjectionRunner(store, db, PROJECTIONS, clinic, progress, { maxBatch: 200 });
    runner.start();
    const events = first + (await writeClinicHistory(store, appends.slice(half)));
    const head = await store.headPosition();
    expect(events).toBeGreaterThan(40_000);
    expect(await progress.waitFor(head, WAIT_MS)).toBe('caught-up');
    const incremental = dumpViews(db);
    expect(incremental.series_view!.length).toBe(2000);

    const result = await new ProjectionRebuilder(store, db, PROJECTIONS, clinic, runner).rebuild();
    // Events of no projection's type (reminder outcomes) are not handed over by a SQLite log.
    const projected = new Set(PROJECTIONS.flatMap((d) => [...d.eventTypes]));
    const applied = (await store.readAll()).filter((e) => projected.has(e.type)).length;
    expect(applied).toBeLessThan(events);
    expect(result).toMatchObject({ events: applied, position: head.toString() });
    expect(runner.isRunning).toBe(true);
    const rebuilt = dumpViews(db);
    expect(Object.keys(rebuilt)).toEqual(Object.keys(incremental));
    for (const table of Object.keys(incremental)) {
      expect({ table, rows: rebuilt[table] }).toEqual({ table, rows: incremental[table] });
    }

    // In parts (each part reads the log and builds its projections; here in this thread).
    const inParts = await new ProjectionRebuilder(store, db, PROJECTIONS, clinic, runner, {
      parts: rebuildPartsInProcess(
        [
          ['series-view', 'patient-view'],
          ['appointment-view', 'availability'],
        ],
        {
          eventStore: { dataDir: dir, sqliteSynchronous: 'NORMAL' },
          readModelsFile: join(dir, 'read-models.sqlite'),
        },
      ),
    }).rebuild();
    expect(inParts).toMatchObject({ position: head.toString() });
    expect(inParts.events).toBeGreaterThan(applied / 2);
    expect(inParts.generation).toBeGreaterThan(result.generation);
    expect(runner.isRunning).toBe(true);
    const rebuiltInParts = dumpViews(db);
    for (const table of Object.keys(incremental)) {
      expect({ table, rows: rebuiltInParts[table] }).toEqual({ table, rows: incremental[table] });
    }
  }, 180_000);

  it('in parts: a part that fails stops the rebuild, and the current views stay', async () => {
    setUp();
    await appendToStore(store, [patientRegistered(), ...seriesStory().events]);
    runner.start();
    const current = db.currentId();
    const failing: RebuildParts = {
      ...rebuildPartsInProcess(
        [['series-view', 'patient-view', 'appointment-view', 'availability']],
        {
          eventStore: { dataDir: dir, sqliteSynchronous: 'NORMAL' },
          readModelsFile: join(dir, 'read-models.sqlite'),
        },
      ),
      groups: [
        ['series-view', 'patient-view'],
        ['appointment-view', 'availability'],
      ],
    };
    const start = failing.start.bind(failing);
    let started = 0;
    failing.start = (task) => {
      const handle = start(task);
      if (started++ === 1) {
        // The second part's thread dies at once.
        void handle.terminate();
      }
      return handle;
    };
    await expect(
      new ProjectionRebuilder(store, db, PROJECTIONS, clinic, runner, { parts: failing }).rebuild(),
    ).rejects.toBeInstanceOf(RebuildFailedError);
    expect(db.currentId()).toBe(current);
    const tables = db.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB '*__g*'")
      .all() as Array<{ name: string }>;
    expect(tables.every((t) => t.name.endsWith(`__g${current}`))).toBe(true);
    expect(runner.isRunning).toBe(true);
  });

  it('keeps answering from the current tables while it rebuilds, swaps atomically, then the runner goes on', async () => {
    setUp();
    const story = seriesStory().blockDone('partial');
    const head = await appendToStore(store, [patientRegistered(), ...story.events]);
    runner.start();
    await progress.waitFor(head, WAIT_MS);
    const before = db.current()!;
    // Spoil the current view, to see which tables answer.
    db.sqlite
      .prepare(
        `UPDATE ${before.t(SERIES_VIEW)} SET state = json_set(state, '$.status', 'referred')`,
      )
      .run();
    const series = () => new GetSeriesHandler(db).execute(new GetSeriesQuery('series-1'));
    expect((await series()).state).toBe('referred');

    const during: string[] = [];
    const rebuilder = new ProjectionRebuilder(store, db, PROJECTIONS, clinic, runner, {
      pageSize: 3,
      commitEvery: 3,
    });
    const result = await rebuilder.rebuild({
      onProgress: () => {
        void series().then((view) => during.push(view.state));
      },
    });
    expect(during.length).toBeGreaterThan(2);
    expect(new Set(during)).toEqual(new Set(['referred']));
    expect((await series()).state).toBe('open');
    expect(result.generation).not.toBe(before.id);
    expect(db.current()!.id).toBe(result.generation);
    // The old generation's tables are gone.
    const left = db.sqlite
      .prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name GLOB ?")
      .get(`*__g${before.id}`) as { n: number };
    expect(left.n).toBe(0);
    // The runner continues from the rebuilt checkpoint.
    const next = seriesStory({ seriesId: 'series-2' });
    const position = await appendToStore(store, next.events);
    expect(await progress.waitFor(position, WAIT_MS)).toBe('caught-up');
    expect((await new GetSeriesHandler(db).execute(new GetSeriesQuery('series-2'))).state).toBe(
      'open',
    );
    expect(rebuilder.status()).toMatchObject({ state: 'succeeded', events: Number(head) + 1 });
  });

  it('a projection that throws fails the rebuild: the current views stay, the new tables go', async () => {
    let explode = false;
    const fragile: ProjectionDefinition = {
      name: 'fragile',
      version: 1,
      eventTypes: new Set(['BlockBooked']),
      ddl: (t) => [`CREATE TABLE ${t('fragile')} (n INTEGER)`],
      writer: () => ({
        apply() {
          if (explode) throw new Error('cannot take it');
        },
        flush() {},
        discard() {},
      }),
    };
    setUp([...PROJECTIONS, fragile]);
    const head = await appendToStore(store, seriesStory().blockDone().events);
    runner.start();
    await progress.waitFor(head, WAIT_MS);
    const current = db.current()!.id;
    explode = true;
    const rebuilder = new ProjectionRebuilder(store, db, [...PROJECTIONS, fragile], clinic, runner);
    const failure = rebuilder.rebuild();
    await expect(failure).rejects.toBeInstanceOf(RebuildFailedError);
    await expect(failure).rejects.toThrow(/projection fragile failed on the event at position 1/);
    expect(db.current()!.id).toBe(current);
    const tables = db.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB '*__g*'")
      .all() as Array<{ name: string }>;
    expect(tables.every((t) => t.name.endsWith(`__g${current}`))).toBe(true);
    expect(rebuilder.status()).toMatchObject({ state: 'failed' });
    expect(
      (await new GetSeriesHandler(db).execute(new GetSeriesQuery('series-1'))).blocks,
    ).toHaveLength(1);
  });

  it('one rebuild at a time per file, across processes', async () => {
    setUp();
    await appendToStore(store, seriesStory().events);
    const other = ReadModelDatabase.open(join(dir, 'read-models.sqlite'));
    try {
      other.beginBuilding({ fingerprint: 'elsewhere', projections: [], ddl: () => [] });
      await expect(
        new ProjectionRebuilder(store, db, PROJECTIONS, clinic, null).rebuild(),
      ).rejects.toBeInstanceOf(RebuildInProgressError);
    } finally {
      other.close();
    }
  });
});
