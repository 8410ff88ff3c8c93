import Database from 'better-sqlite3';
import { RowCache } from './row-cache';

function kit() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE rows (id TEXT PRIMARY KEY, doc TEXT NOT NULL)');
  const upsert = db.prepare(
    'INSERT INTO rows (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
  );
  const select = db.prepare<[string], { doc: string }>('SELECT doc FROM rows WHERE id = ?');
  let encoded = 0;
  const cache = new RowCache<{ n: number }>(
    (id) => {
      const row = select.get(id);
      return row ? (JSON.parse(row.doc) as { n: number }) : undefined;
    },
    {
      statement: upsert,
      encode: (id, value) => {
        encoded++;
        return [id, JSON.stringify(value)];
      },
    },
  );
  const stored = () => db.prepare('SELECT id, doc FROM rows ORDER BY id').all();
  return { db, cache, stored, encodedCount: () => encoded };
}

describe('RowCache', () => {
  it('prepare encodes the changed rows without writing; flush writes them once', () => {
    const { db, cache, stored, encodedCount } = kit();
    cache.set('a', { n: 1 });
    cache.set('b', { n: 2 });
    cache.prepare();
    expect(encodedCount()).toBe(2);
    expect(stored()).toEqual([]);
    db.transaction(() => cache.flush())();
    expect(encodedCount()).toBe(2);
    expect(stored()).toEqual([
      { id: 'a', doc: '{"n":1}' },
      { id: 'b', doc: '{"n":2}' },
    ]);
  });

  it('a row changed again after prepare is written as it is last', () => {
    const { db, cache, stored } = kit();
    cache.set('a', { n: 1 });
    cache.prepare();
    cache.set('a', { n: 2 });
    db.transaction(() => cache.flush())();
    expect(stored()).toEqual([{ id: 'a', doc: '{"n":2}' }]);
  });

  it('discard after prepare writes nothing and reads the table again', () => {
    const { db, cache, stored } = kit();
    cache.set('a', { n: 1 });
    db.transaction(() => cache.flush())();
    cache.set('a', { n: 2 });
    cache.prepare();
    cache.discard();
    db.transaction(() => cache.flush())();
    expect(stored()).toEqual([{ id: 'a', doc: '{"n":1}' }]);
    expect(cache.get('a')).toEqual({ n: 1 });
  });
});
