import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import { SqliteEventStore } from './sqlite-event-store';
import { serveSqliteWrites, type WritableSqliteStore } from './serve-writes';
import { sqliteWriterThroughPort } from './writer-through-port';
import type { WriteOperation } from './writer-protocol';

describe('SqliteEventStore writing through another store', () => {
  let dir: string;
  const event = (n = 0) => ({ id: randomUUID(), type: 'Tested', data: { n } });

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sqlite-writer-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refusals keep their class and fields across the port', async () => {
    const file = join(dir, 'events.sqlite');
    const writing = new SqliteEventStore({ file });
    const { port1, port2 } = new MessageChannel();
    serveSqliteWrites(writing, port2);
    const store = new SqliteEventStore({ file, writer: sqliteWriterThroughPort(port1) });
    try {
      await store.append('Series-1', [event()], { expectedRevision: 'no-stream' });
      const refused = await store
        .append('Series-1', [event()], { expectedRevision: 'no-stream' })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WrongExpectedRevisionError);
      expect(refused).toMatchObject({ stream: 'Series-1', expected: 'no-stream', actual: 0n });
      await store.tombstoneStream('Series-1', { expectedRevision: 0n });
      await expect(
        store.append('Series-1', [event()], { expectedRevision: 'any' }),
      ).rejects.toBeInstanceOf(StreamDeletedError);
    } finally {
      await store.close();
    }
  });

  it('appends of one turn of the event loop travel in one message and share one commit', async () => {
    const file = join(dir, 'events.sqlite');
    const writing = new SqliteEventStore({ file });
    const operations: WriteOperation[][] = [];
    const counting: WritableSqliteStore = {
      write: (operation) => writing.write(operation),
      close: () => writing.close(),
    };
    const { port1, port2 } = new MessageChannel();
    port2.on(
      'message',
      (message: { type: string; operations?: Array<{ operation: WriteOperation }> }) => {
        if (message.operations) operations.push(message.operations.map((o) => o.operation));
      },
    );
    serveSqliteWrites(counting, port2);
    const store = new SqliteEventStore({ file, writer: sqliteWriterThroughPort(port1) });
    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          store.append(`Day-${i}`, [event(i)], { expectedRevision: 'no-stream' }),
        ),
      );
      expect(operations).toHaveLength(1);
      expect(operations[0]).toHaveLength(10);
      expect(results.map((r) => r.position)).toEqual(
        Array.from({ length: 10 }, (_, i) => BigInt(i)),
      );
      // Read on the sending store's own connection, right after the answer.
      expect(await store.readStream('Day-9')).toMatchObject([{ data: { n: 9 } }]);
    } finally {
      await store.close();
    }
  });

  it('a writer that goes away unanswered fails the writes in flight, and reads go on', async () => {
    const file = join(dir, 'events.sqlite');
    const seeded = new SqliteEventStore({ file });
    await seeded.append('Kept-1', [event(1)], { expectedRevision: 'no-stream' });
    await seeded.close();
    const { port1, port2 } = new MessageChannel();
    const hanging: WritableSqliteStore = {
      write: () => new Promise(() => undefined),
      close: async () => undefined,
    };
    serveSqliteWrites(hanging, port2);
    const store = new SqliteEventStore({ file, writer: sqliteWriterThroughPort(port1) });
    const inFlight = store.append('Lost-1', [event()], { expectedRevision: 'no-stream' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    port2.close(); // the writer thread died
    await expect(inFlight).rejects.toThrow(/writer stopped before answering/);
    expect(await store.readStream('Kept-1')).toHaveLength(1);
    await store.close();
  });
});
