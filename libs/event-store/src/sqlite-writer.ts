/**
 * Writing a SQLite event log from another thread. A commit with `synchronous=FULL` waits for the
 * disk (an fsync, half a millisecond on the VMs measured, far more on some disks), and
 * better-sqlite3 waits synchronously: on the api's request thread that wait stalls every request.
 * A SqliteEventStore given a writer sends its appends, soft deletes and tombstones to the store
 * that serves them (`serveSqliteWrites`, in a thread of its own) and keeps reading from its own
 * connection; the writing store checks, group-commits and fsyncs exactly as it would locally, and
 * answers once the commit is durable. Nothing of the port's promises changes: the same checks in
 * the same write transaction, the same durability before an append resolves.
 */
import type { ExpectedRevision, AppendResult } from './event-store.port';
import {
  type ActualRevision,
  EventStoreClosedError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from './event-store.errors';

/** An event as the writer needs it: already checked and serialised by the sending store. */
export interface SerialisedEvent {
  id: string;
  type: string;
  dataJson: string;
  metadataJson: string;
}

export type WriteOperation =
  | { kind: 'append'; stream: string; events: SerialisedEvent[]; expected: ExpectedRevision }
  | { kind: 'delete' | 'tombstone'; stream: string; expected: ExpectedRevision };

/** A refusal or failure, carried across threads (errors lose their class when cloned). */
export type SerialisedError =
  | {
      kind: 'wrong-expected-revision';
      stream: string;
      expected: ExpectedRevision;
      actual: ActualRevision;
      message: string;
    }
  | { kind: 'stream-deleted'; stream: string }
  | { kind: 'closed' }
  | { kind: 'other'; message: string; code?: string };

export type ToSqliteWriter =
  | { type: 'write'; operations: Array<{ id: number; operation: WriteOperation }> }
  | { type: 'close' };

export type WriteOutcome =
  | { id: number; ok: true; result: AppendResult | undefined }
  | { id: number; ok: false; error: SerialisedError };

export type FromSqliteWriter = { type: 'written'; outcomes: WriteOutcome[] } | { type: 'closed' };

/** Where a store sends its writes: a thread's port, seen by the sending store. */
export interface SqliteWriter {
  post(message: ToSqliteWriter): void;
  onMessage(listener: (message: FromSqliteWriter) => void): void;
  /**
   * The writer is gone without answering (its thread died): writes in flight have failed. It may
   * be replaced (the thread restarted); later writes go to the new one.
   */
  onLost(listener: () => void): void;
  /** After the store's last write was answered: stop the writer (e.g. end its thread). */
  close(): Promise<void>;
}

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

export function serialiseError(error: unknown): SerialisedError {
  if (error instanceof WrongExpectedRevisionError) {
    return {
      kind: 'wrong-expected-revision',
      stream: error.stream,
      expected: error.expected,
      actual: error.actual,
      message: error.message,
    };
  }
  if (error instanceof StreamDeletedError) return { kind: 'stream-deleted', stream: error.stream };
  if (error instanceof EventStoreClosedError) return { kind: 'closed' };
  const code = (error as { code?: unknown } | null)?.code;
  return {
    kind: 'other',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  };
}

export function deserialiseError(error: SerialisedError): Error {
  switch (error.kind) {
    case 'wrong-expected-revision':
      return Object.assign(
        new WrongExpectedRevisionError(error.stream, error.expected, error.actual),
        { message: error.message },
      );
    case 'stream-deleted':
      return new StreamDeletedError(error.stream);
    case 'closed':
      return new EventStoreClosedError();
    case 'other':
      return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
    default: {
      const unknown: never = error;
      return new Error(`unknown writer error ${JSON.stringify(unknown)}`);
    }
  }
}

/** A port to a writer (a MessageChannel's end, a worker's parentPort seen from outside). */
export interface SqliteWriterClientPort {
  postMessage(message: ToSqliteWriter): void;
  on(event: 'message', listener: (message: FromSqliteWriter) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  close(): void;
}

/**
 * The sending side of a port whose other end is served by serveSqliteWrites (in-process with a
 * MessageChannel, or a thread's port). The writer is lost if the port closes before `close`.
 */
export function sqliteWriterThroughPort(port: SqliteWriterClientPort): SqliteWriter {
  const listeners: Array<(message: FromSqliteWriter) => void> = [];
  const lostListeners: Array<() => void> = [];
  let closing: Promise<void> | null = null;
  let closedByWriter: (() => void) | null = null;
  let portClosed = false;
  port.on('message', (message) => {
    if (message.type === 'closed') closedByWriter?.();
    for (const listener of listeners) listener(message);
  });
  port.on('close', () => {
    portClosed = true;
    closedByWriter?.();
    if (!closing) for (const listener of lostListeners) listener();
  });
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => listeners.push(listener),
    onLost: (listener) => lostListeners.push(listener),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        if (portClosed) return resolve();
        closedByWriter = resolve;
        port.postMessage({ type: 'close' });
      }).then(() => port.close())),
  };
}
