/** The writer's side, in the writer thread: a store that commits what another store sends. */
import type { AppendResult } from '../event-store.port';
import {
  type FromSqliteWriter,
  serialiseError,
  type ToSqliteWriter,
  type WriteOperation,
  type WriteOutcome,
} from './writer-protocol';

/** The side of a thread port the writing store answers on (a MessagePort, parentPort). */
export interface SqliteWriterPort {
  postMessage(message: FromSqliteWriter): void;
  on(event: 'message', listener: (message: ToSqliteWriter) => void): unknown;
  close(): void;
}

/** What the serving store must offer (SqliteEventStore does). */
export interface WritableSqliteStore {
  write(operation: WriteOperation): Promise<AppendResult | undefined>;
  close(): Promise<void>;
}

/**
 * Answers a sending store's writes with `store` (call it in the writer thread). Each message's
 * operations are enqueued together, so they share the store's group commit; the answer goes once
 * every one of them is settled. `close` closes the store (pending writes are committed first),
 * then the port.
 */
export function serveSqliteWrites(store: WritableSqliteStore, port: SqliteWriterPort): void {
  port.on('message', (message) => {
    if (message.type === 'close') {
      void store
        .close()
        .catch(() => undefined)
        .then(() => {
          port.postMessage({ type: 'closed' });
          port.close();
        });
      return;
    }
    void Promise.all(
      message.operations.map(({ id, operation }) =>
        store.write(operation).then(
          (result): WriteOutcome => ({ id, ok: true, result }),
          (error: unknown): WriteOutcome => ({ id, ok: false, error: serialiseError(error) }),
        ),
      ),
    ).then((outcomes) => port.postMessage({ type: 'written', outcomes }));
  });
}
