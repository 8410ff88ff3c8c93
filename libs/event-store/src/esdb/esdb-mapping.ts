/**
 * Translations between the port and @eventstore/db-client v6. Vendor types stay in this folder.
 *
 * Positions. An event's `$all` position in EventStoreDB is a pair { commit, prepare }. Every event
 * appended through the gRPC API (the only way this system writes) is an implicitly committed
 * prepare, and the server reports its position as (LogPosition, LogPosition): commit = prepare,
 * unique per event, increasing in `$all` order (AllReader.ReadAllEventsForward builds
 * `CommitEventRecord(eventRecord, eventRecord.LogPosition)` for IsCommitted prepares). Only legacy
 * explicit transactions (TCP API, never used here) share one commit position between events and
 * differ in prepare. So the port's bigint position is the commit position, and a checkpoint p is
 * resumed exactly with { commit: p, prepare: p }: a subscription from it starts after p
 * (exclusive), a forward read starts at p (inclusive), a backward read returns events before p.
 */
import {
  ANY,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  ErrorType,
  isCommandError,
  NO_STREAM,
  type Position,
  type RecordedEvent,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import type { ExpectedRevision, StoredEvent } from '../event-store.port';
import {
  type ActualRevision,
  InvalidAppendError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../event-store.errors';

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/** The exact position of the event at port position p (see the header). */
export function toEsdbPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/** System streams and events ($-prefixed: $streams links, $metadata, $streamDeleted, stats…) never reach the port. */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

/**
 * A recorded event as the port's StoredEvent; undefined for what the port never shows: system
 * events, and events not written as JSON (only another tool could have written those).
 * `position` must come from the server (≥ 22.6 reports it on stream reads too).
 */
export function toStoredEvent(
  event: RecordedEvent | undefined,
  position?: Position,
): StoredEvent | undefined {
  if (!event || isSystemEvent(event) || !event.isJson) return undefined;
  const at = position ?? event.position;
  if (!at)
    throw new Error(
      'EventStoreDB did not report event positions: server 22.6 or newer is required',
    );
  const metadata = isPlainObject(event.metadata) ? event.metadata : {};
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: {
      ...metadata,
      recordedAt:
        typeof metadata.recordedAt === 'string' ? metadata.recordedAt : event.created.toISOString(),
    },
    stream: event.streamId,
    revision: event.revision,
    position: at.commit,
  };
}

export function fromAllStream(resolved: AllStreamResolvedEvent): StoredEvent | undefined {
  return toStoredEvent(resolved.event as RecordedEvent | undefined, resolved.event?.position);
}

/** The client's errors as the port's; anything else unchanged. */
export function toPortError(error: unknown, stream: string, expected?: ExpectedRevision): unknown {
  if (!(error instanceof Error) || !isCommandError(error)) return error;
  switch (error.type) {
    case ErrorType.WRONG_EXPECTED_VERSION: {
      const actual: ActualRevision =
        error.actualVersion === NO_STREAM ? 'no-stream' : error.actualVersion;
      return new WrongExpectedRevisionError(stream, expected ?? 'any', actual);
    }
    case ErrorType.STREAM_DELETED:
      return new StreamDeletedError(stream);
    case ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED:
      return new InvalidAppendError(
        'events',
        `exceed EventStoreDB's maximum append size (${error.maxAppendSize} bytes)`,
      );
    default:
      return error;
  }
}

export function isStreamNotFound(error: unknown): boolean {
  return (
    error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND
  );
}
