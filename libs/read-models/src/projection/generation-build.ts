import { type EventStore, SqliteEventStore, type StoredEvent } from '@app/event-store';
import type { Generation, ReadModelDatabase } from '../database/read-model-database';
import type { ClinicConfig } from '../clinic-config';
import type { ProjectionDefinition, ProjectionWriter } from './projection';
import { RebuildFailedError } from './projection.errors';
import { messageOf } from './projection-runner';

/** WAL pages between two checkpoints during a rebuild (80 MB of 8 KiB pages; SQLite's default is 1000). */
export const REBUILD_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The next page of the log after `position` (positions need not be consecutive). With `types`, a
 * SQLite log skips the events of other types itself (readAllOfTypes); other stores read them all.
 */
export async function readAfter(
  store: EventStore,
  position: bigint,
  pageSize: number,
  types?: readonly string[],
): Promise<StoredEvent[]> {
  const read = (options: { fromPosition?: bigint; maxCount: number }) =>
    types && store instanceof SqliteEventStore
      ? store.readAllOfTypes(types, options)
      : store.readAll(options);
  if (position < 0n) return read({ maxCount: pageSize });
  const page = await read({ fromPosition: position, maxCount: pageSize + 1 });
  return page[0]?.position === position ? page.slice(1) : page.filter((e) => e.position > position);
}

/** The writers of one generation being built, fed in log order. */
export class GenerationBuild {
  position = -1n;
  events = 0;
  private readonly writers: Array<{ definition: ProjectionDefinition; writer: ProjectionWriter }>;
  private readonly byType = new Map<string, Array<{ name: string; writer: ProjectionWriter }>>();

  constructor(
    private readonly generation: Generation,
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly db: ReadModelDatabase,
    clinic: ClinicConfig,
    cacheRows: number,
  ) {
    this.writers = definitions.map((definition) => ({
      definition,
      writer: definition.writer({ db: db.sqlite, t: generation.t, clinic, cacheRows }),
    }));
    for (const { definition, writer } of this.writers) {
      for (const type of definition.eventTypes) {
        const list = this.byType.get(type) ?? [];
        list.push({ name: definition.name, writer });
        this.byType.set(type, list);
      }
    }
  }

  /**
   * Applies a page in one read transaction: writers only read rows here and keep their changes in
   * memory until `commit` writes them. A writer that throws fails the rebuild with its name and
   * the event's position.
   */
  apply(events: StoredEvent[]): void {
    if (events.length === 0) return;
    this.db.sqlite.transaction(() => {
      for (const event of events) {
        const writers = this.byType.get(event.type);
        if (writers) {
          for (const { name, writer } of writers) {
            try {
              writer.apply(event);
            } catch (error) {
              throw new RebuildFailedError(name, event.position, messageOf(error));
            }
          }
        }
        this.position = event.position;
        this.events++;
      }
    })(); // reads only (writers keep their changes until commit): no write lock
  }

  /** Writes every pending row and every checkpoint (at the same position) in one transaction. */
  commit(alsoInside?: () => void): void {
    this.db.sqlite
      .transaction(() => {
        for (const { writer } of this.writers) writer.flush();
        for (const definition of this.definitions) {
          this.db.saveCheckpoint(this.generation, definition.name, this.position);
        }
        this.db.heartbeat(this.generation);
        alsoInside?.();
      })
      .immediate();
  }

  discard(): void {
    for (const { writer } of this.writers) writer.discard();
  }
}
