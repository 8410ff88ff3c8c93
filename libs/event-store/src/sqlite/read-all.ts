/** Reading $all, the whole log in commit order: by position, and by event type for a rebuild. */
import type { ReadAllOptions, StoredEvent } from '../event-store.port';
import { checkReadAllOptions } from '../event-store.validation';
import { LazilyParsedEvent, limitOf, toStoredEvent } from './event-row';
import type { Statements } from './statements';

export function readAllEvents(statements: Statements, options?: ReadAllOptions): StoredEvent[] {
  const { fromPosition, direction, maxCount } = checkReadAllOptions(options);
  const rows =
    direction === 'forwards'
      ? statements.allForwards.all(fromPosition ?? 0n, limitOf(maxCount))
      : statements.allBackwards.all(fromPosition ?? lastPosition(statements), limitOf(maxCount));
  return rows.map(toStoredEvent);
}

/**
 * `$all` forwards from `fromPosition` (inclusive), only events of the given types, up to
 * `maxCount`: the other rows are skipped inside SQLite, and the events' data and metadata are
 * parsed when first read.
 */
export function readAllEventsOfTypes(
  statements: Statements,
  types: readonly string[],
  options: { fromPosition?: bigint; maxCount: number },
): StoredEvent[] {
  const { fromPosition, maxCount } = checkReadAllOptions(options);
  const rows = statements.allOfTypes.all(
    fromPosition ?? 0n,
    JSON.stringify(types),
    limitOf(maxCount),
  );
  return rows.map((row) => new LazilyParsedEvent(row));
}

/** The last event's position, -1n for an empty log. */
export function lastPosition(statements: Statements): bigint {
  return statements.head.get()?.head ?? -1n;
}
