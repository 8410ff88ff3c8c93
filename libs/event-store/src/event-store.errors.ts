/**
 * The event store's errors, the same for every adapter. Messages name streams and fields, never
 * event data: stream names carry ids, not patient-identifying data.
 */
import type { ExpectedRevision } from './event-store.port';

/** What a stream's revision was when a check failed: the last revision, or 'no-stream'. */
export type ActualRevision = bigint | 'no-stream';

function describeRevision(revision: ExpectedRevision | ActualRevision): string {
  return typeof revision === 'bigint' ? revision.toString() : revision;
}

/**
 * The one error for every wrong expected revision (append, soft delete, tombstone), and for an
 * append whose event ids only partly match events already in the stream. Retry by re-reading.
 */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'wrong-expected-revision';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
    detail?: string,
  ) {
    super(
      `Wrong expected revision on stream "${stream}": expected ${describeRevision(expected)}, ` +
        `actual ${describeRevision(actual)}${detail ? ` (${detail})` : ''}.`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The stream was tombstoned (hard-deleted): it can never be read or written again. */
export class StreamDeletedError extends Error {
  readonly code = 'stream-deleted';
  constructor(readonly stream: string) {
    super(`Stream "${stream}" is deleted (tombstoned).`);
    this.name = 'StreamDeletedError';
  }
}

/**
 * Bad input to append, deleteStream or tombstoneStream (a bug in the caller, not a conflict):
 * nothing was written. `field` says where (`events[2].data.items[0]`), never what the value was.
 */
export class InvalidAppendError extends Error {
  readonly code = 'invalid-append';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Invalid append: ${field} ${problem}.`);
    this.name = 'InvalidAppendError';
  }
}

/** Bad input to readStream, readAll or subscribeToAll (a bug in the caller). */
export class InvalidReadError extends Error {
  readonly code = 'invalid-read';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Invalid read: ${field} ${problem}.`);
    this.name = 'InvalidReadError';
  }
}

/** The store was used after close(). */
export class EventStoreClosedError extends Error {
  readonly code = 'event-store-closed';
  constructor() {
    super('The event store is closed.');
    this.name = 'EventStoreClosedError';
  }
}
