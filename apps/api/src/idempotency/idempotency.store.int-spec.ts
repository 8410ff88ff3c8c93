import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IdempotencyStore } from './idempotency.store';

describe('IdempotencyStore (a real SQLite file)', () => {
  let dir: string;
  let file: string;
  let store: IdempotencyStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'idempotency-store-'));
    file = join(dir, 'idempotency.sqlite');
    store = new IdempotencyStore(file);
  });

  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** What another process would read from the file now (committed rows only). */
  function committed(scope: string) {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare('SELECT request_hash, response_status FROM idempotency_keys WHERE scope = ?')
        .get(scope) as { request_hash: string; response_status: number | null } | undefined;
    } finally {
      db.close();
    }
  }

  it('a key is known at once, before its row is committed: same body runs again, another body is refused', () => {
    expect(store.begin('k1', 'hash-a')).toEqual({ kind: 'new' });
    expect(committed('k1')).toBeUndefined();
    expect(store.begin('k1', 'hash-a')).toEqual({ kind: 'new' });
    expect(store.begin('k1', 'hash-b')).toEqual({ kind: 'key-reused-with-another-body' });
  });

  it('record resolves once the answer is committed; a new instance (a restart) replays it', async () => {
    store.begin('k1', 'hash-a');
    store.begin('k2', 'hash-b');
    const recorded = store.record('k1', 'hash-a', { status: 201, body: { id: 'a' } });
    expect(store.begin('k1', 'hash-a')).toEqual({
      kind: 'replay',
      response: { status: 201, body: { id: 'a' } },
    });
    await recorded;
    expect(committed('k1')).toEqual({ request_hash: 'hash-a', response_status: 201 });
    expect(committed('k2')).toEqual({ request_hash: 'hash-b', response_status: null });

    store.close();
    store = new IdempotencyStore(file);
    expect(store.begin('k1', 'hash-a')).toEqual({
      kind: 'replay',
      response: { status: 201, body: { id: 'a' } },
    });
    expect(store.begin('k1', 'hash-x')).toEqual({ kind: 'key-reused-with-another-body' });
  });

  it('a refused request forgets its key: the caller may fix the body and retry with it', async () => {
    store.begin('k1', 'hash-a');
    store.forget('k1');
    expect(store.begin('k1', 'hash-fixed')).toEqual({ kind: 'new' });
    await store.record('k1', 'hash-fixed', { status: 201, body: { id: 'fixed' } });
    expect(committed('k1')).toEqual({ request_hash: 'hash-fixed', response_status: 201 });
  });

  it('forgetting a committed key frees it at once', async () => {
    store.begin('k1', 'hash-a');
    await store.record('k0', 'hash-0', { status: 201, body: null }); // commits k1's row too
    expect(committed('k1')).toEqual({ request_hash: 'hash-a', response_status: null });
    store.forget('k1');
    expect(store.begin('k1', 'hash-fixed')).toEqual({ kind: 'new' });
    await store.record('k1', 'hash-fixed', { status: 201, body: { id: 'fixed' } });
    expect(committed('k1')).toEqual({ request_hash: 'hash-fixed', response_status: 201 });
  });

  it('an answer is never forgotten', async () => {
    store.begin('k1', 'hash-a');
    await store.record('k1', 'hash-a', { status: 201, body: { id: 'a' } });
    store.forget('k1');
    expect(store.begin('k1', 'hash-a')).toEqual({
      kind: 'replay',
      response: { status: 201, body: { id: 'a' } },
    });
  });

  it('close writes what is pending', () => {
    store.begin('k1', 'hash-a');
    store.close();
    expect(committed('k1')).toEqual({ request_hash: 'hash-a', response_status: null });
  });
});
