/**
 * The messages between a store and the store that writes for it in another thread, and the
 * refusals they carry. Why a writer thread: libs/event-store/README.md (SQLite adapter).
 */
import type { ExpectedRevision, AppendResult } from '../event-store.port';
import {
  type ActualRevision,
  EventStoreClosedError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../event-store.errors';

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
