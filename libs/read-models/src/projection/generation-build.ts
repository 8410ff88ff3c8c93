import { type EventStore, SqliteEventStore, type StoredEvent } from '@app/event-store/core';
import type { Generation, ReadModelDatabase } from '../database/read-model-database';
import type { ClinicConfig } from '../clinic-config';
import type { ProjectionDefinition, ProjectionWriter } from './projection';
import { RebuildFailedError, messageOf } from './projection.errors';

/** WAL pages between two checkpoints during a rebuild (80 MB of 8 KiB pages; SQLite's default is 1000). */
export const REBUILD_AUTOCHECKPOINT_PAGES = 10_000;

/**
 * The next page of the log after `position` (positions need not be consecutive). With `types`, a
 * SQLite log skips the events of other types itself (readAllOfTypes); other stores read them all.
 */
async function readAfter(
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
  /** The event types its projections read. */
  private readonly types: string[];

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
    this.types = [...this.byType.keys()];
  }

  /**
   * Applies the log from where this build is to its end as it is now, in pages, committing every
   * `commitEvery` events (the last ones stay pending); `afterPage` runs after each page (it may
   * throw to stop, e.g. on a cancel). Only the events of its projections' types are read (a SQLite
   * log skips the others itself).
   */
  async catchUp(
    store: EventStore,
    options: { pageSize: number; commitEvery: number; afterPage: () => void },
  ): Promise<void> {
    let sinceCommit = 0;
    for (;;) {
      const page = await readAfter(store, this.position, options.pageSize, this.types);
      this.apply(page);
      sinceCommit += page.length;
      if (sinceCommit >= options.commitEvery) {
        this.commit();
        sinceCommit = 0;
      }
      options.afterPage();
      if (page.length < options.pageSize) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Applies the last events up to `upTo` (the position every view stops at) and moves the build's
   * position there, whatever the type of the events in between; `commit` then saves it.
   */
  async finishAt(store: EventStore, upTo: bigint, pageSize: number): Promise<void> {
    for (;;) {
      const page = (await readAfter(store, this.position, pageSize, this.types)).filter(
        (event) => event.position <= upTo,
      );
      this.apply(page);
      if (page.length < pageSize) break;
    }
    if (upTo > this.position) this.position = upTo;
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
