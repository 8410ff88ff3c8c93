import { Logger } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@app/event-store';
import type { Generation, ReadModelDatabase } from '../database/read-model-database';
import type { ClinicConfig } from '../read-models.options';
import { schemaOf, type ProjectionDefinition, type ProjectionWriter } from './projection';
import { RebuildFailedError, RebuildInProgressError } from './projection.errors';
import { messageOf, type ProjectionRunner } from './projection-runner';

export interface RebuildResult {
  generation: number;
  /** Events read from the log (all of them, up to `position`). */
  events: number;
  /** The checkpoint every view was swapped in at. */
  position: string;
  durationMs: number;
  eventsPerSecond: number;
}

export interface RebuildStatus {
  state: 'idle' | 'running' | 'succeeded' | 'failed';
  startedAt: string | null;
  /** Events applied so far (running) or in all (succeeded). */
  events: number;
  position: string;
  error: string | null;
  lastResult: RebuildResult | null;
}

/** WAL pages between two checkpoints during a rebuild (40 MB; SQLite's default is 1000). */
const REBUILD_AUTOCHECKPOINT_PAGES = 10_000;
/** How often a rebuild says it is alive (STALE_BUILD_MS is far longer). */
const HEARTBEAT_MS = 30_000;

export interface ProjectionRebuilderOptions {
  /** Events read per page of readAll. Default 2000. */
  pageSize?: number;
  /**
   * Events between two commits of the new tables (with their checkpoints): rows changed in between
   * stay in memory and are written once. Default 250000.
   */
  commitEvery?: number;
  /** Rows each writer may keep cached. Default 100000. */
  cacheRows?: number;
  onProgress?: (events: number, position: bigint) => void;
}

/**
 * Builds every view again from the start of the log into a fresh generation of tables, then swaps
 * it in atomically; queries keep answering from the current tables until the swap.
 *
 * One pass over `$all` (readAll pages) feeds every projection: the same projection code as the
 * runner, with larger transactions (the checkpoint still commits with the rows). At the head of
 * the log, the runner of this process (if any) is paused, the last events are applied, the swap
 * commits (new generation current, old tables dropped) and the runner resumes from the rebuilt
 * checkpoints. A runner in another process sharing the file sees the new generation on its next
 * commit or generation check and re-subscribes from the new checkpoints (tools/rebuild-projections).
 *
 * One rebuild at a time (per file, across processes). A projection that throws fails the rebuild:
 * the new tables are dropped and the current ones stay.
 */
export class ProjectionRebuilder {
  private readonly logger = new Logger('ProjectionRebuilder');
  private running: Promise<RebuildResult> | null = null;
  private cancelled = false;
  private state: RebuildStatus = {
    state: 'idle',
    startedAt: null,
    events: 0,
    position: '-1',
    error: null,
    lastResult: null,
  };

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDatabase,
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly clinic: ClinicConfig,
    private readonly runner: ProjectionRunner | null,
    private readonly options: ProjectionRebuilderOptions = {},
  ) {}

  status(): RebuildStatus {
    return { ...this.state };
  }

  /**
   * Rebuilds and swaps; resolves when the new views are current. A second call while one runs in
   * this process joins it; one running in another process makes it throw RebuildInProgressError.
   */
  rebuild(options: Pick<ProjectionRebuilderOptions, 'onProgress'> = {}): Promise<RebuildResult> {
    if (this.running) return this.running;
    this.cancelled = false;
    this.state = {
      ...this.state,
      state: 'running',
      startedAt: new Date().toISOString(),
      events: 0,
      position: '-1',
      error: null,
    };
    const run = this.run(options.onProgress ?? this.options.onProgress).then(
      (result) => {
        this.state = {
          ...this.state,
          state: 'succeeded',
          events: result.events,
          position: result.position,
          lastResult: result,
        };
        return result;
      },
      (error: unknown) => {
        this.state = { ...this.state, state: 'failed', error: messageOf(error) };
        throw error;
      },
    );
    this.running = run.finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Abandons a running rebuild (shutdown): its tables are dropped, the current ones stay. */
  async cancel(): Promise<void> {
    this.cancelled = true;
    await this.running?.catch(() => undefined);
  }

  private async run(
    onProgress?: (events: number, position: bigint) => void,
  ): Promise<RebuildResult> {
    const started = performance.now();
    const schema = schemaOf(this.definitions);
    if (this.db.otherBuildInProgress()) throw new RebuildInProgressError();
    const generation = this.db.beginBuilding(schema, { deferIndexes: true });
    if (this.db.otherBuildInProgress(generation.id)) {
      this.db.discard(generation);
      throw new RebuildInProgressError();
    }
    const build = new GenerationBuild(
      generation,
      this.definitions,
      this.db,
      this.clinic,
      this.options.cacheRows ?? 100_000,
    );
    const pageSize = this.options.pageSize ?? 2000;
    const commitEvery = this.options.commitEvery ?? 250_000;
    let resumeRunner = false;
    // Fewer, larger WAL checkpoints while the new tables fill (each one waits for the disk).
    const autoCheckpoint = this.db.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.sqlite.pragma(
      `wal_autocheckpoint = ${Math.max(autoCheckpoint, REBUILD_AUTOCHECKPOINT_PAGES)}`,
    );
    try {
      let sinceCommit = 0;
      let lastHeartbeat = performance.now();
      // Catch up while the runner keeps the current views fresh.
      for (;;) {
        const page = await this.readAfter(build.position, pageSize);
        this.throwIfCancelled();
        build.apply(page);
        sinceCommit += page.length;
        if (sinceCommit >= commitEvery || page.length < pageSize) {
          build.commit();
          sinceCommit = 0;
        }
        this.state = { ...this.state, events: build.events, position: build.position.toString() };
        onProgress?.(build.events, build.position);
        // Alive, for other processes (a building generation without news is a crashed one).
        if (performance.now() - lastHeartbeat > HEARTBEAT_MS) {
          this.db.heartbeat(generation);
          lastHeartbeat = performance.now();
        }
        if (page.length < pageSize) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
      // At the head: pause this process's runner, apply the last events, swap.
      if (this.runner?.isRunning) {
        await this.runner.stop();
        resumeRunner = true;
      }
      for (;;) {
        const page = await this.readAfter(build.position, pageSize);
        build.apply(page);
        if (page.length < pageSize) break;
      }
      this.throwIfCancelled();
      build.commit(() => {
        this.db.createDeferredIndexes(schema, generation);
        this.db.activate(generation);
      });
      const durationMs = performance.now() - started;
      const result: RebuildResult = {
        generation: generation.id,
        events: build.events,
        position: build.position.toString(),
        durationMs: Math.round(durationMs),
        eventsPerSecond: Math.round((build.events / Math.max(1, durationMs)) * 1000),
      };
      this.logger.log(
        `views rebuilt from ${result.events} events in ${result.durationMs} ms (generation ${result.generation})`,
      );
      return result;
    } catch (error) {
      build.discard();
      if (this.db.isOpen) this.db.discard(generation);
      throw error;
    } finally {
      if (this.db.isOpen) this.db.sqlite.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      if (resumeRunner && this.db.isOpen) this.runner?.start();
    }
  }

  private throwIfCancelled(): void {
    if (this.cancelled || !this.db.isOpen) throw new RebuildFailedError(null, null, 'cancelled');
  }

  /** The next page of the log after `position` (positions need not be consecutive). */
  private async readAfter(position: bigint, pageSize: number): Promise<StoredEvent[]> {
    if (position < 0n) return this.store.readAll({ maxCount: pageSize });
    const page = await this.store.readAll({ fromPosition: position, maxCount: pageSize + 1 });
    return page[0]?.position === position
      ? page.slice(1)
      : page.filter((e) => e.position > position);
  }
}

/** The writers of one generation being built, fed in log order. */
class GenerationBuild {
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
