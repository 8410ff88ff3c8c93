import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReadModelDatabase, type GenerationSchema } from './read-model-database';

const schema = (fingerprint: string): GenerationSchema => ({
  fingerprint,
  projections: ['notes'],
  ddl: (t) => [`CREATE TABLE ${t('notes')} (id INTEGER PRIMARY KEY, text TEXT NOT NULL)`],
});

describe('ReadModelDatabase reads', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'read-models-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follow a generation swapped in by another connection (its old tables dropped)', () => {
    const file = join(dir, 'read-models.sqlite');
    const reader = ReadModelDatabase.open(file);
    const writer = ReadModelDatabase.open(file);
    try {
      const first = writer.ensureCurrent(schema('v1'));
      writer.sqlite.prepare(`INSERT INTO ${first.t('notes')} (text) VALUES ('old')`).run();
      const read = () =>
        reader.read(({ t, all }) => all<{ text: string }>(`SELECT text FROM ${t('notes')}`));
      expect(read()).toEqual([{ text: 'old' }]);
      const one = (t: (base: string) => string) => `SELECT text FROM ${t('notes')} LIMIT 1`;
      expect(reader.get(one)).toEqual({ text: 'old' });

      const second = writer.beginBuilding(schema('v1'));
      writer.sqlite.prepare(`INSERT INTO ${second.t('notes')} (text) VALUES ('rebuilt')`).run();
      writer.activate(second);
      expect(reader.get(one)).toEqual({ text: 'rebuilt' });
      expect(read()).toEqual([{ text: 'rebuilt' }]);
      expect(read()).toEqual([{ text: 'rebuilt' }]);
    } finally {
      reader.close();
      writer.close();
    }
  });

  it('a statement that fails for another reason is not retried', () => {
    const db = ReadModelDatabase.open(join(dir, 'read-models.sqlite'));
    try {
      db.ensureCurrent(schema('v1'));
      expect(() => db.read(({ get }) => get('SELECT nonsense FROM'))).toThrow(/incomplete input/);
    } finally {
      db.close();
    }
  });
});

describe('ReadModelDatabase building generations', () => {
  let dir: string;
  let db: ReadModelDatabase;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'read-models-'));
    db = ReadModelDatabase.open(join(dir, 'read-models.sqlite'));
    db.ensureCurrent(schema('v1'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A process that has ended: its id is free (until the system reuses it). */
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;
  const setOwner = (id: number, pid: number | null, heartbeatAgoMs = 0) =>
    db.sqlite
      .prepare('UPDATE read_model_generations SET owner_pid = ?, heartbeat_at = ? WHERE id = ?')
      .run(pid, new Date(Date.now() - heartbeatAgoMs).toISOString(), id);
  const buildingIds = () =>
    (
      db.sqlite
        .prepare("SELECT id FROM read_model_generations WHERE status = 'building'")
        .all() as Array<{ id: number }>
    ).map((row) => row.id);

  it('records the process building a generation; a live one with a recent heartbeat is a rebuild in progress', () => {
    const building = db.beginBuilding(schema('v1'));
    const row = db.sqlite
      .prepare('SELECT owner_pid FROM read_model_generations WHERE id = ?')
      .get(building.id) as { owner_pid: number };
    expect(row.owner_pid).toBe(process.pid);
    expect(db.otherBuildInProgress()).toBe(true);
    expect(db.otherBuildInProgress(building.id)).toBe(false);
    db.beginBuilding(schema('v1')); // lays out another one beside it, dropping nothing
    expect(buildingIds()).toContain(building.id);
  });

  it('a build whose process has ended is abandoned at once: no rebuild in progress, its tables dropped by the next one', () => {
    const crashed = db.beginBuilding(schema('v1'));
    db.sqlite.prepare(`INSERT INTO ${crashed.t('notes')} (text) VALUES ('half built')`).run();
    setOwner(crashed.id, deadPid());
    expect(db.otherBuildInProgress()).toBe(false);
    const next = db.beginBuilding(schema('v1')); // may reuse the id: its tables are new
    expect(buildingIds()).toEqual([next.id]);
    expect(db.sqlite.prepare(`SELECT text FROM ${next.t('notes')}`).all()).toEqual([]);
  });

  it("a build of unknown owner (an older file), another machine's (or container's) or a live one counts until its heartbeat is 10 minutes old", () => {
    const old = db.beginBuilding(schema('v1'));
    setOwner(old.id, null, 9 * 60_000);
    expect(db.otherBuildInProgress()).toBe(true);
    db.sqlite
      .prepare("UPDATE read_model_generations SET owner_host = 'another-host' WHERE id = ?")
      .run(old.id);
    setOwner(old.id, deadPid(), 9 * 60_000);
    expect(db.otherBuildInProgress()).toBe(true);
    setOwner(old.id, process.pid, 11 * 60_000);
    expect(db.otherBuildInProgress()).toBe(false);
  });

  it('adds the owner columns to a file laid out without them', () => {
    const file = join(dir, 'older.sqlite');
    const older = ReadModelDatabase.open(file);
    older.sqlite.exec(`
      DROP TABLE read_model_generations;
      CREATE TABLE read_model_generations (
        id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('current', 'building')),
        created_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL
      );
    `);
    older.close();
    const reopened = ReadModelDatabase.open(file);
    try {
      reopened.ensureCurrent(schema('v1'));
      expect(reopened.beginBuilding(schema('v1')).id).toBeGreaterThan(0);
      expect(reopened.otherBuildInProgress()).toBe(true);
    } finally {
      reopened.close();
    }
  });
});
