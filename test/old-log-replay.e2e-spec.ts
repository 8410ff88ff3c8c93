import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  CLINIC_DAY_EVENT_TYPES,
  PATIENT_EVENT_TYPES,
  REMINDER_EVENT_TYPES,
  TREATMENT_SERIES_EVENT_TYPES,
  appointmentRemindersDecider,
  clinicDayDecider,
  parseStreamName,
  patientDecider,
  recommendNextStep,
  treatmentSeriesDecider,
  type Decider,
  type TreatmentSeriesState,
} from '@app/domain';
import { EventStore, type StoredEvent } from '@app/event-store';
import {
  FIXTURE_DIR,
  type OldLogExpectations,
  type RecordedAnswer,
} from './fixtures/old-log/old-log';
import { eventually } from './support/eventually';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Old logs replay unchanged: test/fixtures/old-log/events.sqlite was written through HTTP by an
 * earlier main (write-old-log.ts, run by hand; expected.json names the commit) and expected.json
 * holds what its read routes answered then. A fresh data directory holding only that log must
 * start, rebuild every view from it, and answer the same; every event must be of the catalogue
 * and fold through the domain's evolve functions.
 */
jest.setTimeout(180_000);

const expected = JSON.parse(
  readFileSync(join(FIXTURE_DIR, 'expected.json'), 'utf8'),
) as OldLogExpectations;

interface RawEvent {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/** The fixture's rows as stored, read from a scratch copy (opening a WAL database writes beside it). */
function readStoredRows(): RawEvent[] {
  const dir = mkdtempSync(join(tmpdir(), 'lsb-old-log-raw-'));
  try {
    copyFileSync(join(FIXTURE_DIR, 'events.sqlite'), join(dir, 'events.sqlite'));
    const db = new Database(join(dir, 'events.sqlite'), { readonly: true });
    try {
      return db
        .prepare(
          'SELECT position, stream, revision, id, type, data, metadata FROM events ORDER BY position',
        )
        .all() as RawEvent[];
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = readStoredRows();

/**
 * Reminder occurrences (`<kind>@<epoch ms>` per appointment) whose outcome the log records for
 * good: sent, skipped, or failed with no retry left. Only these are compared in appointment views.
 */
function settledReminders(): Map<string, Set<string>> {
  const settled = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!row.stream.startsWith('AppointmentReminders-')) continue;
    const data = JSON.parse(row.data) as {
      appointmentId: string;
      kind: string;
      dueAt: string;
      final?: boolean;
    };
    const isSettled =
      row.type === 'ReminderSent' ||
      row.type === 'ReminderSkipped' ||
      (row.type === 'ReminderFailed' && data.final === true);
    if (!isSettled) continue;
    const keys = settled.get(data.appointmentId) ?? new Set<string>();
    keys.add(`${data.kind}@${Date.parse(data.dueAt)}`);
    settled.set(data.appointmentId, keys);
  }
  return settled;
}

const settled = settledReminders();

type Reminder = { kind: string; dueAt: string; status: string };

interface SeriesAnswer {
  state: string;
  recommendation: { action: string } | null;
  blocks: Array<{ classification: string | null }>;
}

/**
 * The part of an answer that must not change. The server clock is set to the recording instant
 * (expected.clock), so the schedule's flags are compared too.
 */
function comparable(answer: Pick<RecordedAnswer, 'path' | 'body'>): unknown {
  const appointment = /^\/appointments\/([^/?]+)$/.exec(answer.path);
  if (appointment) {
    const body = answer.body as { reminders: Reminder[] };
    const recorded = settled.get(appointment[1]) ?? new Set<string>();
    return {
      ...body,
      // Planned (scheduled) reminders are the planner's answer at `now`, and the planner is being
      // corrected; reminders whose outcome is recorded in the log must still show as they did.
      reminders: body.reminders.filter((r) => recorded.has(`${r.kind}@${Date.parse(r.dueAt)}`)),
    };
  }
  return answer.body;
}

interface Health {
  eventStore: { status: string; position?: string };
  projections: Array<{
    name: string;
    status: string;
    position: string;
    lagEvents: number;
    error?: unknown;
  }>;
}

describe('a log written by an earlier main', () => {
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lsb-old-log-'));
    // Only the log: the views are rebuilt from it; idempotency keys and reminder checkpoints start empty.
    copyFileSync(join(FIXTURE_DIR, 'events.sqlite'), join(dataDir, 'events.sqlite'));
    // No reminder worker: a due reminder sent now would add events to the log under test.
    t = await startTestApp({ DATA_DIR: dataDir, EMBEDDED_WORKER: 'false' });
    await t.as('admin').post('/dev/clock').send({ now: expected.clock }).expect(200);
  }, 180_000);

  afterAll(async () => {
    await t?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('covers the whole vocabulary of its day: every event type, outcome and next step; under 1 MB', () => {
    expect(expected.writtenBy).toMatch(/^[0-9a-f]{40}$/);
    expect(readFileSync(join(FIXTURE_DIR, 'events.sqlite')).length).toBeLessThan(1_000_000);
    const { vocabulary } = expected;
    expect(new Set(rows.map((r) => r.type))).toEqual(new Set(vocabulary.eventTypes));

    const series = expected.answers
      .filter((a) => /^\/series\/[^/?]+$/.test(a.path))
      .map((a) => a.body as SeriesAnswer);
    expect(new Set(series.map((s) => s.state))).toEqual(new Set(['open', 'referred', 'closed']));
    expect(new Set(series.map((s) => s.recommendation?.action ?? null))).toEqual(
      new Set([...vocabulary.recommendationActions, null]),
    );
    expect(new Set(series.flatMap((s) => s.blocks.map((b) => b.classification)))).toEqual(
      new Set([...vocabulary.classifications, null]),
    );
    const compared = expected.answers
      .filter((a) => a.path.startsWith('/appointments/'))
      .flatMap((a) => (comparable(a) as { reminders: Reminder[] }).reminders);
    expect(new Set(compared.map((r) => r.status))).toEqual(
      new Set(['sent', 'failed', 'cancelled']),
    );
  });

  it('starts on it, and every projection catches up without an error', async () => {
    const head = String(rows[rows.length - 1].position);
    let health: Health | undefined;
    await eventually(
      async () => {
        const { body } = await t.as('admin').get('/health').expect(200);
        health = body as Health;
        const failed = health.projections.filter((p) => p.status === 'stopped' || p.error);
        if (failed.length > 0) throw new Error(`projections failed: ${JSON.stringify(failed)}`);
        return health.projections.every(
          (p) => p.status === 'running' && p.lagEvents === 0 && p.position === head,
        );
      },
      'every projection to catch up with the old log',
      120_000,
    );
    expect(health!.eventStore).toMatchObject({ status: 'up', position: head });
    expect(health!.projections.length).toBeGreaterThan(0);
  });

  describe('answers every recorded GET as it did', () => {
    it.each(expected.answers.map((answer) => [answer.path, answer] as const))(
      'GET %s',
      async (_path, answer) => {
        const { body } = await t.as(answer.role).get(answer.path).expect(200);
        expect(comparable({ path: answer.path, body })).toEqual(comparable(answer));
      },
    );
  });

  it('the adapter reads every stored row as it was written', async () => {
    const events = await t.app.get(EventStore).readAll();
    expect(events.map(asStoredRow)).toEqual(
      rows.map((row) => ({
        ...row,
        data: JSON.parse(row.data),
        metadata: JSON.parse(row.metadata),
      })),
    );
  });

  it('every event is of the catalogue and folds through its stream’s evolve without an error', async () => {
    const events = await t.app.get(EventStore).readAll();
    const seriesStates = new Map<string, TreatmentSeriesState>();
    const folds = new Map<string, unknown>();
    for (const event of events) {
      const { category, id } = parseStreamName(event.stream);
      const fold = FOLDS[category];
      if (!fold) throw new Error(`${event.stream}: a stream category the domain does not know`);
      expect({
        stream: event.stream,
        type: event.type,
        known: fold.types.includes(event.type),
      }).toEqual({
        stream: event.stream,
        type: event.type,
        known: true,
      });
      const state = fold.decider.evolve(
        folds.get(event.stream) ?? fold.decider.initialState(),
        event,
      );
      folds.set(event.stream, state);
      if (category === 'TreatmentSeries') seriesStates.set(id, state as TreatmentSeriesState);
    }
    // The domain's fold recommends what the series view answered when the log was written.
    for (const [seriesId, state] of seriesStates) {
      const view = expected.answers.find((a) => a.path === `/series/${seriesId}`)!.body as {
        recommendation: unknown;
      };
      expect({ seriesId, recommendation: recommendNextStep(state) }).toEqual({
        seriesId,
        recommendation: view.recommendation,
      });
    }
  });

  it('replaying it wrote nothing to the log', async () => {
    expect((await t.app.get(EventStore).headPosition()).toString()).toBe(
      String(rows[rows.length - 1].position),
    );
  });
});

function asStoredRow(event: StoredEvent): Omit<RawEvent, 'data' | 'metadata'> & {
  data: unknown;
  metadata: unknown;
} {
  return {
    position: Number(event.position),
    stream: event.stream,
    revision: Number(event.revision),
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
  };
}

interface Fold {
  types: readonly string[];
  decider: Decider<never, unknown, { type: string; data: unknown }>;
}

/** Each stream category's events and decider (libs/domain/src/streams.ts names them). */
const FOLDS: Record<string, Fold> = {
  TreatmentSeries: { types: TREATMENT_SERIES_EVENT_TYPES, decider: as(treatmentSeriesDecider) },
  ClinicDay: { types: CLINIC_DAY_EVENT_TYPES, decider: as(clinicDayDecider) },
  Patient: { types: PATIENT_EVENT_TYPES, decider: as(patientDecider) },
  AppointmentReminders: { types: REMINDER_EVENT_TYPES, decider: as(appointmentRemindersDecider) },
};

/** A decider folding stored events of its category (the log is the type check here). */
function as<C, S, E>(decider: Decider<C, S, E>): Fold['decider'] {
  return decider as unknown as Fold['decider'];
}
