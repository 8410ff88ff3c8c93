/**
 * One append, soft delete or tombstone inside the write transaction, by EventStoreDB's rules:
 * expected revisions, idempotent replays, deleted streams (libs/event-store/README.md).
 */
import type { AppendResult, ExpectedRevision } from '../event-store.port';
import {
  type ActualRevision,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import { metadataJsonWithRecordedAt } from '../event-store.validation';
import { LIVE, SOFT_DELETED, TOMBSTONED } from './schema';
import type { Statements } from './statements';
import type { SerialisedEvent, WriteOperation } from './writer-protocol';

/** The log's next position: read once per transaction (-1n until then), saved at its end. */
export interface PositionCounter {
  next: bigint;
}

/** Checks first and writes only when every check passed, so a refusal leaves nothing behind. */
export function applyWrite(
  statements: Statements,
  operation: WriteOperation,
  recordedAt: string,
  log: PositionCounter,
): AppendResult | undefined {
  const { stream, expected } = operation;
  const row = statements.stream.get(stream);
  if (row?.state === BigInt(TOMBSTONED)) throw new StreamDeletedError(stream);
  const last = row?.last_revision ?? -1n;
  const softDeleted = row?.state === BigInt(SOFT_DELETED);
  const exists = row !== undefined && !softDeleted && last >= 0n;
  const actual: ActualRevision = last >= 0n ? last : 'no-stream';
  const matches = (): boolean => {
    switch (expected) {
      case 'any':
        return true;
      case 'no-stream':
        return !exists;
      case 'stream-exists':
        return exists;
      default:
        return expected === last && (exists || softDeleted);
    }
  };

  if (operation.kind !== 'append') {
    if (!matches()) throw new WrongExpectedRevisionError(stream, expected, actual);
    const state = operation.kind === 'delete' ? SOFT_DELETED : TOMBSTONED;
    statements.saveStream.run(stream, last, last + 1n, state);
    return undefined;
  }

  const { events } = operation;

  if (expected === 'any' || expected === 'stream-exists') {
    const first = statements.revisionOfId.get(events[0]!.id, stream);
    if (first)
      return idempotentResult(statements, stream, events, first.revision, expected, actual);
    for (const event of events.slice(1)) {
      if (statements.revisionOfId.get(event.id, stream)) {
        throw new WrongExpectedRevisionError(
          stream,
          expected,
          actual,
          'some of the event ids are already in the stream',
        );
      }
    }
    if (!matches()) throw new WrongExpectedRevisionError(stream, expected, actual);
  } else if (!matches()) {
    const expectedLast = expected === 'no-stream' ? -1n : expected;
    if (expectedLast < last)
      return idempotentResult(statements, stream, events, expectedLast + 1n, expected, actual);
    throw new WrongExpectedRevisionError(stream, expected, actual);
  }

  if (log.next < 0n) log.next = statements.nextPosition.get()!.next_position;
  let revision = last;
  let position = -1n;
  for (const event of events) {
    revision += 1n;
    position = log.next;
    log.next += 1n;
    statements.insertEvent.run(
      position,
      stream,
      revision,
      event.id,
      event.type,
      event.dataJson,
      metadataJsonWithRecordedAt(event.metadataJson, recordedAt),
    );
  }
  statements.saveStream.run(stream, revision, row?.truncate_before ?? 0n, LIVE);
  return { nextRevision: revision, position };
}

/** The events are already in the stream from `fromRevision` on, all of them in order → no-op success. */
function idempotentResult(
  statements: Statements,
  stream: string,
  events: SerialisedEvent[],
  fromRevision: bigint,
  expected: ExpectedRevision,
  actual: ActualRevision,
): AppendResult {
  const stored = statements.idsFrom.all(stream, fromRevision, events.length);
  const all =
    stored.length === events.length &&
    stored.every((row, i) => row.revision === fromRevision + BigInt(i) && row.id === events[i]!.id);
  if (!all) {
    const partly = stored.some((row, i) => row.id === events[i]?.id);
    throw new WrongExpectedRevisionError(
      stream,
      expected,
      actual,
      partly ? 'only some of the event ids are already in the stream' : undefined,
    );
  }
  const lastStored = stored[stored.length - 1]!;
  return { nextRevision: lastStored.revision, position: lastStored.position };
}
