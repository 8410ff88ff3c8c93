/** An events row as the reads get it (raw, in column order) and the StoredEvent it becomes. */
import type { StoredEvent } from '../event-store.port';

export const EVENT_COLUMNS = 'position, stream, revision, id, type, data, metadata';

/** An events row in column order (raw rows: no per-row object; BENCHMARKS.md, Event store). */
export type EventRow = [
  position: bigint,
  stream: string,
  revision: bigint,
  id: string,
  type: string,
  data: string,
  metadata: string,
];

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row[3],
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata: JSON.parse(row[6]) as StoredEvent['metadata'],
    stream: row[1],
    revision: row[2],
    position: row[0],
  };
}

/** Parses its data and metadata when they are first read (readAllOfTypes: a rebuild's reading). */
export class LazilyParsedEvent implements StoredEvent {
  readonly position: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  private parsedData: unknown = NOT_PARSED;
  private parsedMetadata: StoredEvent['metadata'] | undefined;

  constructor(private readonly row: EventRow) {
    this.position = row[0];
    this.stream = row[1];
    this.revision = row[2];
    this.id = row[3];
    this.type = row[4];
  }

  get data(): unknown {
    if (this.parsedData === NOT_PARSED) this.parsedData = JSON.parse(this.row[5]) as unknown;
    return this.parsedData;
  }

  get metadata(): StoredEvent['metadata'] {
    return (this.parsedMetadata ??= JSON.parse(this.row[6]) as StoredEvent['metadata']);
  }
}

const NOT_PARSED = Symbol('not parsed');

/** SQLite's LIMIT: -1 is "no limit". */
export function limitOf(maxCount: number | undefined): number {
  return maxCount === undefined ? -1 : maxCount;
}
