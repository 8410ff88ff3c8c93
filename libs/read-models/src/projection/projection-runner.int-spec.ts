import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import {
  DEFAULT_CLINICAL_POLICY,
  DEMO_CLINIC_CALENDAR,
  PATIENT_EVENT_TYPES,
  TREATMENT_SERIES_EVENT_TYPES,
} from '@app/domain';
import {
  EventStore,
  SqliteEventStore,
  type AllSubscription,
  type StoredEvent,
  type SubscribeToAllOptions,
} from '@app/event-store';
import { blockCancelled, patientRegistered, seriesStory } from '@app/testing';
import { ReadModelDatabase } from '../database/read-model-database';
import { GetSeriesHandler } from '../series-view/get-series.handler';
import { GetSeriesQuery } from '../series-view/get-series.query';
import { appendToStore, dumpViews, type GivenEvent } from '../testing/view-test-kit';
import type { ProjectionDefinition } from './projection';
import { recordProjectionLag } from './projection-lag';
import { registerProjectionMetrics } from './projection-metrics';
import { ProjectionProgress } from './projection-progress';
import { ProjectionRebuilder } from './projection-rebuilder';
import { ProjectionRunner } from './projection-runner';
import { PROJECTIONS } from './projections';

const clinic = { calendar: DEMO_CLINIC_CALENDAR, policy: DEFAULT_CLINICAL_POLICY };
const WAIT_MS = 20_000;

/** A small clinic: three patients' series through their blocks (about 60 events). */
function clinicEvents(): GivenEvent[] {
  const events: GivenEvent[] = [];
  for (let i = 1; i <= 3; i++) {
    const patientId = `patient-${i}`;
    events.push(patientRegistered({ patientId, mrn: `MRN-${i}` }));
    const story = seriesStory({ seriesId: `series-${i}`, patientId, intent: 'therapeutic' })
      .blockDone('positive', { reliefLastedHours: 24 })
      .blockDone(i === 2 ? 'technical-failure' : 'positive', { reliefLastedHours: 48 })
      .booked();
    if (i === 3) story.cancelled();
    events.push(...story.events);
  }
  return events;
}

/** A store that delivers every event twice and, on each subscription, starts a few events early. */
class RedeliveringStore extends EventStore {
  constructor(private readonly inner: EventStore) {
    super();
  }
  append: EventStore['append'] = (...args) => this.inner.append(...args);
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  readAll: EventStore['readAll'] = (...args) => this.inner.readAll(...args);
  deleteStream: EventStore['deleteStream'] = (...args) => this.inner.deleteStream(...args);
  tombstoneStream: EventStore['tombstoneStream'] = (...args) => this.inner.tombstoneStream(...args);
  headPosition: EventStore['headPosition'] = () => this.inner.headPosition();
  close: EventStore['close'] = () => this.inner.close();

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    const from = options?.fromPosition;
    const early = from === undefined || from < 5n ? undefined : { fromPosition: from - 5n };
    const subscription = this.inner.subscribeToAll(early);
    async function* twice(): AsyncGenerator<StoredEvent> {
      for await (const event of subscription) {
        yield event;
        yield event;
      }
    }
    const iterator = twice();
    return {
      stop: () => subscription.stop(),
      [Symbol.asyncIterator]: () => iterator,
    };
  }
}

describe('ProjectionRunner (real SQLite files)', () => {
  let dir: string;
  let store: SqliteEventStore;
  const opened: ReadModelDatabase[] = [];
  const runners: ProjectionRunner[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'projection-runner-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    for (const db of opened.splice(0)) db.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function setUp(
    options: {
      file?: string;
      definitions?: readonly ProjectionDefinition[];
      maxBatch?: number;
      eventStore?: EventStore;
    } = {},
  ) {
    const db = ReadModelDatabase.open(join(dir, options.file ?? 'read-models.sqlite'));
    opened.push(db);
    const eventStore = options.eventStore ?? store;
    const progress = new ProjectionProgress(eventStore);
    const runner = new ProjectionRunner(
      eventStore,
      db,
      options.definitions ?? PROJECTIONS,
      clinic,
      progress,
      { maxBatch: options.maxBatch, generationCheckMs: 50 },
    );
    runners.push(runner);
    return { db, progress, runner };
  }

  it('builds every view from the log, then keeps up; waitFor gives read-your-writes', async () => {
    const head = await appendToStore(store, clinicEvents());
    const { db, progress, runner } = setUp();
    runner.start();
    expect(await progress.waitFor(head, WAIT_MS)).toBe('caught-up');
    const series = () => new GetSeriesHandler(db).execute(new GetSeriesQuery('series-1'));
    expect((await series()).blocks).toHaveLength(3);

    const position = await appendToStore(store, [
      blockCancelled({ seriesId: 'series-1', appointmentId: 'appointment-3' }),
    ]);
    expect(await progress.waitFor(position, WAIT_MS)).toBe('caught-up');
    expect((await series()).blocks[2]!.status).toBe('cancelled');
    expect(await progress.waitFor(position, 0)).toBe('caught-up');
  });

  it('the same events delivered twice (and redelivered on resubscription) give the same views', async () => {
    const events = clinicEvents();
    const head = await appendToStore(store, events);
    const once = setUp({ file: 'once.sqlite' });
    once.runner.start();
    const twice = setUp({
      file: 'twice.sqlite',
      eventStore: new RedeliveringStore(store),
      maxBatch: 7,
    });
    twice.runner.start();
    expect(await once.progress.waitFor(head, WAIT_MS)).toBe('caught-up');
    // Stop half way and start again: the new subscription starts early and repeats everything.
    expect(await twice.progress.waitFor(head / 2n, WAIT_MS)).toBe('caught-up');
    await twice.runner.restart();
    expect(await twice.progress.waitFor(head, WAIT_MS)).toBe('caught-up');
    expect(dumpViews(twice.db)).toEqual(dumpViews(once.db));
  });

  describe('restart in the middle', () => {
    it('stopped after N events (at a batch boundary) and started again: equals a build in one go', async () => {
      const head = await appendToStore(store, clinicEvents());
      const oneGo = setUp({ file: 'one-go.sqlite' });
      oneGo.runner.start();
      expect(await oneGo.progress.waitFor(head, WAIT_MS)).toBe('caught-up');

      const interrupted = setUp({ file: 'interrupted.sqlite', maxBatch: 3 });
      interrupted.runner.start();
      await interrupted.progress.waitFor(head / 3n, WAIT_MS);
      await interrupted.runner.stop();
      const stoppedAt = interrupted.progress.position('series-view');
      expect(stoppedAt).toBeLessThan(head);
      // A new runner (a restarted process) on the same file.
      interrupted.db.close();
      const restarted = setUp({ file: 'interrupted.sqlite' });
      restarted.runner.start();
      expect(await restarted.progress.waitFor(head, WAIT_MS)).toBe('caught-up');
      expect(dumpViews(restarted.db)).toEqual(dumpViews(oneGo.db));
    });

    it('stopped after exactly N events of the log, the rest written later: equals a build in one go', async () => {
      const events = clinicEvents();
      const n = 23;
      const first = await appendToStore(store, events.slice(0, n));
      const interrupted = setUp({ file: 'interrupted.sqlite' });
      interrupted.runner.start();
      expect(await interrupted.progress.waitFor(first, WAIT_MS)).toBe('caught-up');
      await interrupted.runner.stop();
      const head = await appendToStore(store, events.slice(n));
      interrupted.runner.start();
      const oneGo = setUp({ file: 'one-go.sqlite' });
      oneGo.runner.start();
      expect(await interrupted.progress.waitFor(head, WAIT_MS)).toBe('caught-up');
      expect(await oneGo.progress.waitFor(head, WAIT_MS)).toBe('caught-up');
      expect(dumpViews(interrupted.db)).toEqual(dumpViews(oneGo.db));
    });
  });

  describe('a projection that throws', () => {
    /** Records every event type it sees; throws on the event `explodeAt` while `armed`. */
    function explodingProjection(state: {
      armed: boolean;
      explodeAt: bigint;
    }): ProjectionDefinition {
      return {
        name: 'exploding',
        version: 1,
        eventTypes: new Set([...TREATMENT_SERIES_EVENT_TYPES, ...PATIENT_EVENT_TYPES]),
        ddl: (t) => [
          `CREATE TABLE ${t('exploding')} (position INTEGER PRIMARY KEY, type TEXT NOT NULL)`,
        ],
        writer: ({ db, t }) => {
          const insert = db.prepare(`INSERT INTO ${t('exploding')} (position, type) VALUES (?, ?)`);
          return {
            apply(event) {
              if (state.armed && event.position === state.explodeAt) {
                throw new Error('the view cannot take this event');
              }
              insert.run(event.position, event.type);
            },
            flush() {},
            discard() {},
          };
        },
      };
    }

    it('stops at that event with its position and error, applies the events before it, never skips it', async () => {
      const head = await appendToStore(store, clinicEvents());
      const explodeAt = 30n;
      const state = { armed: true, explodeAt };
      const { db, progress, runner } = setUp({
        definitions: [...PROJECTIONS, explodingProjection(state)],
        maxBatch: 500,
      });
      runner.start();

      expect(await progress.waitFor(head, WAIT_MS)).toBe('projection-stopped');
      expect(await progress.waitFor(explodeAt - 1n, WAIT_MS)).toBe('caught-up');
      const statuses = await progress.status();
      expect(statuses.find((s) => s.name === 'exploding')).toEqual({
        name: 'exploding',
        status: 'stopped',
        position: String(explodeAt - 1n),
        lagEvents: Number(head - explodeAt + 1n),
        lagSeconds: expect.any(Number),
        error: { position: String(explodeAt), message: 'the view cannot take this event' },
      });
      // The others went on to the head.
      for (const status of statuses.filter((s) => s.name !== 'exploding')) {
        expect(status).toMatchObject({ status: 'running', position: String(head), lagEvents: 0 });
      }
      // Everything before the culprit was applied (it was in the same batch), nothing after.
      const rows = db.sqlite
        .prepare(`SELECT max(position) AS last FROM ${db.current()!.t('exploding')}`)
        .get() as { last: number };
      expect(BigInt(rows.last)).toBeLessThan(explodeAt);
      expect(db.checkpoint(db.current()!, 'exploding')).toBe(explodeAt - 1n);

      // Fixed (here: disarmed) and restarted, it carries on from its checkpoint.
      state.armed = false;
      await runner.restart();
      expect(await progress.waitFor(head, WAIT_MS)).toBe('caught-up');
      const applied = db.sqlite
        .prepare(`SELECT count(*) AS n FROM ${db.current()!.t('exploding')} WHERE position = ?`)
        .get(explodeAt) as { n: number };
      expect(applied.n).toBe(1);
    });
  });

  it('reports lag per projection: stopped before it starts, catching up, then running with no lag', async () => {
    const head = await appendToStore(store, clinicEvents());
    const { progress, runner } = setUp();
    const before = await progress.status();
    expect(before.map((s) => s.name)).toEqual(PROJECTIONS.map((p) => p.name));
    for (const status of before) {
      expect(status).toMatchObject({
        status: 'stopped',
        position: '-1',
        lagEvents: Number(head) + 1,
      });
      expect(status.lagSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(await progress.waitFor(head, 50)).toBe('timed-out');
    runner.start();
    expect(await progress.waitFor(head, WAIT_MS)).toBe('caught-up');
    for (const status of await progress.status()) {
      expect(status).toEqual({
        name: status.name,
        status: 'running',
        position: String(head),
        lagEvents: 0,
        lagSeconds: 0,
      });
    }
  });

  it('exposes the lag as Prometheus gauges', async () => {
    const head = await appendToStore(store, clinicEvents());
    const { progress, runner } = setUp();
    const registry = new Registry();
    registerProjectionMetrics(registry, progress);
    expect(await registry.metrics()).toContain(
      `projection_lag_events{projection="series-view"} ${Number(head) + 1}`,
    );
    runner.start();
    await progress.waitFor(head, WAIT_MS);
    const text = await registry.metrics();
    expect(text).toContain('projection_lag_events{projection="availability"} 0');
    expect(text).toContain('projection_lag_seconds{projection="appointment-view"} 0');
    expect(text).toContain(`projection_position{projection="availability"} ${head}`);
  });

  it('records the lag of every event applied while asked (the hook for the booking benchmark)', async () => {
    const { progress, runner } = setUp();
    runner.start();
    await progress.waitFor(-1n, WAIT_MS);
    const lag = recordProjectionLag(progress);
    const events = clinicEvents();
    const head = await appendToStore(store, events);
    expect(await progress.waitFor(head, WAIT_MS)).toBe('caught-up');
    const summary = lag.stop();
    expect(Object.keys(summary.byProjection).sort()).toEqual(PROJECTIONS.map((p) => p.name).sort());
    for (const stats of Object.values(summary.byProjection)) {
      expect(stats.events).toBe(events.length);
      expect(stats.batches).toBeGreaterThan(0);
      expect(stats.p99Ms).toBeGreaterThanOrEqual(stats.p50Ms);
    }
    expect(summary.events).toBe(events.length * PROJECTIONS.length);
    expect(summary.maxMs).toBeGreaterThanOrEqual(summary.p99Ms);
  });

  it('follows a rebuild swapped in by another process sharing the file', async () => {
    const head = await appendToStore(store, clinicEvents());
    const { db, progress, runner } = setUp();
    runner.start();
    expect(await progress.waitFor(head, WAIT_MS)).toBe('caught-up');
    const before = db.current()!.id;

    // "Another process": its own connection to the file, no runner.
    const other = ReadModelDatabase.open(join(dir, 'read-models.sqlite'));
    opened.push(other);
    await new ProjectionRebuilder(store, other, PROJECTIONS, clinic, null).rebuild();
    expect(db.current()!.id).not.toBe(before);

    const story = seriesStory({ seriesId: 'series-9', patientId: 'patient-1' });
    const position = await appendToStore(store, story.events);
    expect(await progress.waitFor(position, WAIT_MS)).toBe('caught-up');
    expect((await new GetSeriesHandler(db).execute(new GetSeriesQuery('series-9'))).state).toBe(
      'open',
    );
    expect(db.checkpoint(db.current()!, 'series-view')).toBe(position);
  });
});
