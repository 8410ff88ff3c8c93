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
