import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type StoredEvent } from '@app/event-store';
import { readFolded, type StreamFold } from './folded-stream-cache';

describe('readFolded', () => {
  let dir: string;
  let store: SqliteEventStore;
  const reads: Array<bigint | undefined> = [];
  const sum: StreamFold<number> = {
    initial: () => 0,
    evolve: (total, event: StoredEvent) => total + (event.data as { n: number }).n,
  };
  const add = (stream: string, n: number, expectedRevision: bigint | 'no-stream' | 'any') =>
    store.append(stream, [{ id: randomUUID(), type: 'Added', data: { n } }], { expectedRevision });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'folded-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    const readStream = store.readStream.bind(store);
    reads.length = 0;
    store.readStream = (stream, options) => {
      reads.push(options?.fromRevision);
      return readStream(stream, options);
    };
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('folds the whole stream once, then only what is newer than the last event folded', async () => {
    await add('Sum-1', 2, 'no-stream');
    await add('Sum-1', 3, 0n);
    expect(await readFolded(store, 'Sum-1', sum)).toBe(5);
    await add('Sum-1', 10, 1n);
    expect(await readFolded(store, 'Sum-1', sum)).toBe(15);
    expect(await readFolded(store, 'Sum-1', sum)).toBe(15);
    // The last read needed no events: the store's stream revision said nothing changed.
    expect(reads).toEqual([undefined, 1n]);
  });

  it('reads the stream whole again when its last folded event is gone (a deleted stream)', async () => {
    await add('Sum-2', 4, 'no-stream');
    expect(await readFolded(store, 'Sum-2', sum)).toBe(4);
    await store.deleteStream('Sum-2', { expectedRevision: 0n });
    await add('Sum-2', 1, 'any');
    expect(await readFolded(store, 'Sum-2', sum)).toBe(1);
  });

  it('keeps folds of different kinds apart', async () => {
    await add('Sum-3', 7, 'no-stream');
    const count: StreamFold<number> = { initial: () => 0, evolve: (n) => n + 1 };
    expect(await readFolded(store, 'Sum-3', sum)).toBe(7);
    expect(await readFolded(store, 'Sum-3', count)).toBe(1);
  });
});
