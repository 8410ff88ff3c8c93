/**
 * Reading one stream: forwards or backwards from a revision, past its truncation point (a deleted
 * then recreated stream), refused once tombstoned.
 */
import type { ReadStreamOptions, StoredEvent } from '../event-store.port';
import { StreamDeletedError } from '../event-store.errors';
import { checkReadStreamOptions, checkStreamNameForRead } from '../event-store.validation';
import { limitOf, toStoredEvent } from './event-row';
import { LIVE, TOMBSTONED } from './schema';
import type { Statements } from './statements';

export function readStreamEvents(
  statements: Statements,
  stream: string,
  options?: ReadStreamOptions,
): StoredEvent[] {
  const name = checkStreamNameForRead(stream);
  const { fromRevision, direction, maxCount } = checkReadStreamOptions(options);
  const row = statements.stream.get(name);
  if (row?.state === BigInt(TOMBSTONED)) throw new StreamDeletedError(name);
  const truncateBefore = row?.truncate_before ?? 0n;
  const rows =
    direction === 'forwards'
      ? statements.streamForwards.all(
          name,
          fromRevision !== undefined && fromRevision > truncateBefore
            ? fromRevision
            : truncateBefore,
          limitOf(maxCount),
        )
      : statements.streamBackwards.all(
          name,
          fromRevision ?? row?.last_revision ?? -1n,
          truncateBefore,
          limitOf(maxCount),
        );
  return rows.map(toStoredEvent);
}

/**
 * The last revision of a live stream, from its row alone. A stream's events never change in
 * place: it only grows, or is deleted (state) or truncated (a recreated stream continues its
 * revisions), so an unchanged last revision of a live stream is an unchanged stream.
 */
export function liveStreamRevision(statements: Statements, stream: string): bigint | null {
  const row = statements.stream.get(checkStreamNameForRead(stream));
  return row && row.state === BigInt(LIVE) && row.last_revision >= 0n ? row.last_revision : null;
}
