import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { describeEventStoreConformance } from '../conformance/event-store.conformance';
import { EventStoreClosedError } from '../event-store.errors';
import { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite-event-store';
import { serveSqliteWrites } from './serve-writes';
import { sqliteWriterThroughPort } from './writer-through-port';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  dirs.push(dir);
  return join(dir, 'events.sqlite');
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeEventStoreConformance('SQLite', async () => {
  const store = new SqliteEventStore({ file: tempFile() });
  return { store, dispose: () => store.close() };
});

// The api's way: writes go to a store in another thread (here both ends of a MessageChannel live in
// this thread; the protocol, the group commit and the checks are the same).
describeEventStoreConformance('SQLite writing through another store (writer thread)', async () => {
  const file = tempFile();
  const writing = new SqliteEventStore({ file });
  const { port1, port2 } = new MessageChannel();
  serveSqliteWrites(writing, port2);
  const store = new SqliteEventStore({ file, writer: sqliteWriterThroughPort(port1) });
  return { store, dispose: () => store.close() };
});

describe('SqliteEventStore (SQLite specifics)', () => {
  const newEvent = (n = 0) => ({ id: randomUUID(), type: 'Tested', data: { n } });
  const stores: SqliteEventStore[] = [];
  const open = (file: string, options: Partial<SqliteEventStoreOptions> = {}) => {
    const store = new SqliteEventStore({ file, ...options });
    stores.push(store);
    return store;
  };

  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });

  it('keeps events and the position counter across a reopen', async () => {
    const file = tempFile();
    const first = open(file);
    const written = await first.append('Durable-1', [newEvent(), newEvent()], {
      expectedRevision: 'no-stream',
    });
    await first.close();

    const second = open(file);
    expect(await second.readStream('Durable-1')).toHaveLength(2);
    expect(await second.headPosition()).toBe(written.position);
    const next = await second.append('Durable-2', [newEvent()], { expectedRevision: 'no-stream' });
    expect(next.position).toBe(written.position + 1n);
  });

  it('uses WAL on the file', () => {
    const file = tempFile();
    open(file);
    const other = new Database(file, { readonly: true });
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      other.close();
    }
  });

  it('accepts synchronous NORMAL and refuses anything else', async () => {
    const store = open(tempFile(), { synchronous: 'NORMAL' });
    await store.append('Normal-1', [newEvent()], { expectedRevision: 'no-stream' });
    expect(() => new SqliteEventStore({ file: tempFile(), synchronous: 'OFF' as never })).toThrow(
      TypeError,
    );
  });

  it('a subscription is woken at once by a store of the same file in another thread (or object)', async () => {
    const file = tempFile();
    const reader = open(file, { pollIntervalMs: 60_000 }); // the slow poll would never come in time
    const writer = open(file); // its own connection, as the api's projections thread has
    const subscription = reader.subscribeToAll();
    try {
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const started = Date.now();
      await writer.append('Thread-1', [newEvent(3)], { expectedRevision: 'no-stream' });
      const delivered = await next;
      expect(delivered.value).toMatchObject({ stream: 'Thread-1', data: { n: 3 } });
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await subscription.stop();
    }
  });

  it('a subscription sees events another process appends to the same file (slow poll)', async () => {
    const file = tempFile();
    const reader = open(file, { pollIntervalMs: 50 });
    // As a store in another process: no wake-up of any kind reaches `reader`.
    const writer = open(file, { threadSignals: false });
    const subscription = reader.subscribeToAll();
    try {
      const iterator = subscription[Symbol.asyncIterator]();
      const next = iterator.next();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await writer.append('Elsewhere-1', [newEvent(7)], { expectedRevision: 'no-stream' });
      const delivered = await next;
      expect(delivered.done).toBe(false);
      expect(delivered.value).toMatchObject({ stream: 'Elsewhere-1', data: { n: 7 } });
    } finally {
      await subscription.stop();
    }
  });

  it('two connections appending to one stream with the same expected revision: exactly one wins', async () => {
    const file = tempFile();
    const [a, b] = [open(file), open(file)];
    await a.append('Contended-1', [newEvent()], { expectedRevision: 'no-stream' });
    const outcomes = await Promise.allSettled([
      a.append('Contended-1', [newEvent(1)], { expectedRevision: 0n }),
      b.append('Contended-1', [newEvent(2)], { expectedRevision: 0n }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(await b.readStream('Contended-1')).toHaveLength(2);
    const positions = (await a.readAll()).map((e) => e.position);
    expect(positions).toEqual([0n, 1n]);
  });

  it('close() writes appends already accepted, ends subscriptions and refuses later calls', async () => {
    const store = new SqliteEventStore({ file: tempFile() });
    const subscription = store.subscribeToAll();
    const iterating = (async () => {
      const seen: string[] = [];
      for await (const event of subscription) seen.push(event.stream);
      return seen;
    })();
    const accepted = store.append('Closing-1', [newEvent()], { expectedRevision: 'no-stream' });
    await store.close();
    await expect(accepted).resolves.toMatchObject({ nextRevision: 0n });
    await expect(iterating).resolves.toBeInstanceOf(Array);
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreClosedError);
    await expect(
      store.append('Closing-1', [newEvent()], { expectedRevision: 'any' }),
    ).rejects.toBeInstanceOf(EventStoreClosedError);
    expect(() => store.subscribeToAll()).toThrow(EventStoreClosedError);
  });

  it('scavenge() erases the events of deleted streams and never reuses their positions', async () => {
    const store = open(tempFile());
    await store.append('Kept-1', [newEvent()], { expectedRevision: 'no-stream' });
    await store.append('Erased-1', [newEvent(), newEvent()], { expectedRevision: 'no-stream' });
    const last = await store.append('Erased-2', [newEvent()], { expectedRevision: 'no-stream' });
    await store.deleteStream('Erased-1', { expectedRevision: 'any' });
    await store.tombstoneStream('Erased-2', { expectedRevision: 'any' });

    expect(await store.scavenge()).toBe(3);
    expect((await store.readAll()).map((e) => e.stream)).toEqual(['Kept-1']);
    const next = await store.append('Kept-1', [newEvent()], { expectedRevision: 0n });
    expect(next.position).toBe(last.position + 1n);
    // A soft-deleted stream recreated after a scavenge still continues its revisions.
    expect(
      (await store.append('Erased-1', [newEvent()], { expectedRevision: 'no-stream' }))
        .nextRevision,
    ).toBe(2n);
  });

  it('streamRevision: the last revision of a live stream, null otherwise', async () => {
    const store = open(tempFile());
    expect(await store.streamRevision('Rev-1')).toBeNull();
    await store.append('Rev-1', [newEvent(), newEvent()], { expectedRevision: 'no-stream' });
    expect(await store.streamRevision('Rev-1')).toBe(1n);
    await store.deleteStream('Rev-1', { expectedRevision: 1n });
    expect(await store.streamRevision('Rev-1')).toBeNull();
    await store.append('Rev-1', [newEvent()], { expectedRevision: 'any' });
    expect(await store.streamRevision('Rev-1')).toBe(2n);
    await store.tombstoneStream('Rev-1', { expectedRevision: 2n });
    expect(await store.streamRevision('Rev-1')).toBeNull();
  });

  it('readAllOfTypes: $all of some types only, in order, from a position, the same events', async () => {
    const store = open(tempFile());
    const typed = (type: string, n: number) => ({ id: randomUUID(), type, data: { n } });
    await store.append('Mixed-1', [typed('A', 1), typed('B', 2), typed('C', 3)], {
      expectedRevision: 'no-stream',
    });
    await store.append('Mixed-2', [typed('C', 4), typed('A', 5)], {
      expectedRevision: 'no-stream',
    });
    const all = await store.readAll();
    const some = await store.readAllOfTypes(['A', 'C'], { maxCount: 10 });
    expect(some.map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }, { n: 4 }, { n: 5 }]);
    const same = all.filter((e) => e.type !== 'B');
    some.forEach((event, i) => {
      expect(event).toMatchObject({
        id: same[i]!.id,
        type: same[i]!.type,
        stream: same[i]!.stream,
        revision: same[i]!.revision,
        position: same[i]!.position,
      });
      expect(event.data).toEqual(same[i]!.data);
      expect(event.metadata).toEqual(same[i]!.metadata);
    });
    const later = await store.readAllOfTypes(['A'], { fromPosition: 1n, maxCount: 1 });
    expect(later.map((e) => e.data)).toEqual([{ n: 5 }]);
  });

  it('appends made in one tick are committed together, each with its own check', async () => {
    const store = open(tempFile());
    const results = await Promise.allSettled([
      store.append('Batch-1', [newEvent()], { expectedRevision: 'no-stream' }),
      store.append('Batch-1', [newEvent()], { expectedRevision: 0n }),
      store.append('Batch-1', [newEvent()], { expectedRevision: 0n }),
      store.append('Batch-1', [newEvent()], { expectedRevision: 1n }),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((await store.readStream('Batch-1')).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });
});
