import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CLINICAL_POLICY, DEMO_CLINIC_CALENDAR, streams } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import {
  PROJECTIONS,
  ProjectionProgress,
  ProjectionRunner,
  READ_MODELS_FILE,
  ReadModelDatabase,
  schemaOf,
} from '@app/read-models';
import { seriesStory } from '@app/testing';

const root = join(__dirname, '..');

/** Runs the tool as `npm run projections:rebuild` does, in its own process. */
function rebuild(dataDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'tools/rebuild-projections.ts',
      ],
      { cwd: root, env: { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'test' } },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function append(store: SqliteEventStore, story: ReturnType<typeof seriesStory>) {
  let position = -1n;
  for (const [i, event] of story.events.entries()) {
    const result = await store.append(
      streams.treatmentSeries(story.seriesId),
      [
        {
          id: `00000000-0000-4000-8000-${String(i).padStart(4, '0')}${story.seriesId.slice(-8).padStart(8, '0')}`,
          type: event.type,
          data: event.data,
        },
      ],
      { expectedRevision: 'any' },
    );
    position = result.position;
  }
  return position;
}

describe('npm run projections:rebuild', () => {
  let dir: string;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'rebuild-tool-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds beside a running api on the same DATA_DIR, which then follows the new views', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    // The "api": its own connection to the file and its runner.
    const db = ReadModelDatabase.open(join(dir, READ_MODELS_FILE));
    const progress = new ProjectionProgress(store);
    const clinic = { calendar: DEMO_CLINIC_CALENDAR, policy: DEFAULT_CLINICAL_POLICY };
    const runner = new ProjectionRunner(store, db, PROJECTIONS, clinic, progress, {
      generationCheckMs: 100,
    });
    try {
      const first = await append(store, seriesStory({ seriesId: 'series-00000001' }).blockDone());
      runner.start();
      expect(await progress.waitFor(first, 20_000)).toBe('caught-up');
      const before = db.current()!.id;

      const { code, output } = await rebuild(dir);
      expect(output).toContain('Done:');
      expect(code).toBe(0);
      expect(db.current()!.id).not.toBe(before);

      const next = await append(store, seriesStory({ seriesId: 'series-00000002' }));
      expect(await progress.waitFor(next, 20_000)).toBe('caught-up');
      const rows = db.read(({ t, all }) =>
        all<{ series_id: string }>(`SELECT series_id FROM ${t('series_view')} ORDER BY series_id`),
      );
      expect(rows.map((r) => r.series_id)).toEqual(['series-00000001', 'series-00000002']);
    } finally {
      await runner.stop();
      db.close();
      await store.close();
    }
  }, 120_000);

  it('works from nothing (no read-model file yet), and refuses while another rebuild runs', async () => {
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    await append(store, seriesStory({ seriesId: 'series-00000001' }));
    await store.close();
    expect((await rebuild(dir)).code).toBe(0);

    const other = ReadModelDatabase.open(join(dir, READ_MODELS_FILE));
    try {
      other.beginBuilding(schemaOf(PROJECTIONS));
      const refused = await rebuild(dir);
      expect(refused.output).toContain('already in progress');
      expect(refused.code).toBe(2);
    } finally {
      other.close();
    }
  }, 120_000);
});
