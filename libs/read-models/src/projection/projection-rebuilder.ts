import { Logger } from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import type {
  Generation,
  GenerationSchema,
  ReadModelDatabase,
} from '../database/read-model-database';
import type { ClinicConfig } from '../clinic-config';
import { GenerationBuild, REBUILD_AUTOCHECKPOINT_PAGES } from './generation-build';
import type { FromRebuildPart, RebuildPartHandle, RebuildParts } from './rebuild-parts';
import { schemaOf, type ProjectionDefinition } from './projection';
import { RebuildFailedError, RebuildInProgressError, messageOf } from './projection.errors';
import type { ProjectionRunner } from './projection-runner';

export interface RebuildResult {
  generation: number;
  /**
   * Events the projections applied: every event of their types up to `position` (a SQLite log
   * hands over only those; events of no projection's type are skipped).
   */
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

/** Before the first rebuild of this process. */
export const NO_REBUILD_YET: Readonly<RebuildStatus> = Object.freeze({
  state: 'idle',
  startedAt: null,
  events: 0,
  position: '-1',
  error: null,
  lastResult: null,
});

interface WatchedPart {
  handle: RebuildPartHandle;
  events: number;
  position: bigint;
  reached: Set<FromRebuildPart['type']>;
  failure: Error | null;
  /** Resolves at the part's next message (or its end). */
  changed(): Promise<void>;
  /** Resolves once the part's thread has ended. */
  ended: Promise<void>;
}

/** Follows one part's messages. */
function watchPart(handle: RebuildPartHandle): WatchedPart {
  let notify: (() => void) | null = null;
  let endedResolve!: () => void;
  const part: WatchedPart = {
    handle,
    events: 0,
    position: -1n,
    reached: new Set(),
    failure: null,
    changed: () => new Promise<void>((resolve) => (notify = resolve)),
    ended: new Promise<void>((resolve) => (endedResolve = resolve)),
  };
  const poke = () => {
    const waiting = notify;
    notify = null;
    waiting?.();
  };
  handle.on('message', (message) => {
    part.reached.add(message.type);
    if (message.type === 'failed') {
      part.failure = new RebuildFailedError(
        message.projection,
        message.eventPosition,
        message.message,
      );
    } else if ('events' in message) {
      part.events = message.events;
      part.position = message.position;
    }
    poke();
  });
  handle.on('error', (error) => {
    part.failure ??= new RebuildFailedError(
      null,
      null,
      `a rebuild thread failed: ${error.message}`,
    );
    poke();
  });
  const saidItsEnd = () => part.reached.has('finished') || part.reached.has('cancelled');
  handle.on('exit', () => {
    const end = () => {
      if (!saidItsEnd()) {
        part.failure ??= new RebuildFailedError(null, null, 'a rebuild thread ended early');
      }
      endedResolve();
      poke();
    };
    // A part that said how it ended has nothing more to say; otherwise its last messages may
    // still be on their way: look once they are in.
    if (saidItsEnd()) end();
    else setTimeout(end, 100);
  });
  return part;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

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
  /** Build in parts, in parallel (threads): how to split the projections and start a part. */
  parts?: RebuildParts;
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
  private state: RebuildStatus = { ...NO_REBUILD_YET };

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
    const built = this.options.parts
      ? await this.buildInParts(generation, schema, this.options.parts, onProgress)
      : await this.buildHere(generation, schema, onProgress);
    const durationMs = performance.now() - started;
    const result: RebuildResult = {
      generation: generation.id,
      events: built.events,
      position: built.position.toString(),
      durationMs: Math.round(durationMs),
      eventsPerSecond: Math.round((built.events / Math.max(1, durationMs)) * 1000),
    };
    this.logger.log(
      `views rebuilt from ${result.events} events in ${result.durationMs} ms (generation ${result.generation})`,
    );
    return result;
  }

  /** Every projection in this thread, one pass over the log; swaps the generation in. */
  private async buildHere(
    generation: Generation,
    schema: GenerationSchema,
    onProgress?: (events: number, position: bigint) => void,
  ): Promise<{ events: number; position: bigint }> {
    const build = new GenerationBuild(
      generation,
      this.definitions,
      this.db,
      this.clinic,
      this.options.cacheRows ?? 100_000,
    );
    const pageSize = this.options.pageSize ?? 2000;
    let resumeRunner = false;
    // Fewer, larger WAL checkpoints while the new tables fill (each one waits for the disk).
    const autoCheckpoint = this.db.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.sqlite.pragma(
      `wal_autocheckpoint = ${Math.max(autoCheckpoint, REBUILD_AUTOCHECKPOINT_PAGES)}`,
    );
    try {
      let lastHeartbeat = performance.now();
      // Catch up while the runner keeps the current views fresh.
      await build.catchUp(this.store, {
        pageSize,
        commitEvery: this.options.commitEvery ?? 250_000,
        afterPage: () => {
          this.throwIfCancelled();
          this.state = {
            ...this.state,
            events: build.events,
            position: build.position.toString(),
          };
          onProgress?.(build.events, build.position);
          // Alive, for other processes (a building generation without news is a crashed one).
          if (performance.now() - lastHeartbeat > HEARTBEAT_MS) {
            this.db.heartbeat(generation);
            lastHeartbeat = performance.now();
          }
        },
      });
      build.commit();
      // At the head: pause this process's runner, apply the last events, swap.
      if (this.runner?.isRunning) {
        await this.runner.stop();
        resumeRunner = true;
      }
      // Up to the head as it is now: the checkpoints are there, whatever type its last events are.
      await build.finishAt(this.store, await this.store.headPosition(), pageSize);
      this.throwIfCancelled();
      build.commit(() => {
        this.db.createDeferredIndexes(schema, generation);
        this.db.activate(generation);
      });
      return { events: build.events, position: build.position };
    } catch (error) {
      build.discard();
      if (this.db.isOpen) this.db.discard(generation);
      throw error;
    } finally {
      if (this.db.isOpen) this.db.sqlite.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      if (resumeRunner && this.db.isOpen) this.runner?.start();
    }
  }

  /**
   * The projections in parts, each in its thread (RebuildParts): they catch up with the log in
   * parallel; then the runner here pauses, every part finishes at the log's head, and the
   * generation is swapped in. A part that fails (or a cancel) stops them all.
   */
  private async buildInParts(
    generation: Generation,
    schema: GenerationSchema,
    parts: RebuildParts,
    onProgress?: (events: number, position: bigint) => void,
  ): Promise<{ events: number; position: bigint }> {
    const started = parts.groups.map((projections) =>
      watchPart(
        parts.start({
          eventStore: parts.eventStore,
          readModelsFile: parts.readModelsFile,
          generation: generation.id,
          projections,
          clinic: this.clinic,
          pageSize: this.options.pageSize ?? 2000,
          commitEvery: this.options.commitEvery ?? 250_000,
          cacheRows: this.options.cacheRows ?? 100_000,
        }),
      ),
    );
    let resumeRunner = false;
    const heartbeat = setInterval(() => {
      try {
        if (this.db.isOpen) this.db.heartbeat(generation);
      } catch {
        // A part holds the write lock for a long commit: say it at the next beat.
      }
      // The slowest part is how far the rebuild got.
      const events = Math.min(...started.map((part) => part.events));
      const position = started.reduce((p, part) => (part.position < p ? part.position : p), -1n);
      this.state = { ...this.state, events, position: position.toString() };
      onProgress?.(events, position);
    }, 1000);
    try {
      await this.untilAll(started, 'caught-up');
      if (this.runner?.isRunning) {
        await this.runner.stop();
        resumeRunner = true;
      }
      const upTo = await this.store.headPosition();
      for (const part of started) part.handle.postMessage({ type: 'finish', upTo });
      await this.untilAll(started, 'finished');
      this.throwIfCancelled();
      this.db.sqlite
        .transaction(() => {
          this.db.createDeferredIndexes(schema, generation);
          this.db.activate(generation);
        })
        .immediate();
      return { events: Math.max(...started.map((part) => part.events)), position: upTo };
    } catch (error) {
      for (const part of started) part.handle.postMessage({ type: 'cancel' });
      await Promise.all(started.map((part) => part.ended));
      if (this.db.isOpen) this.db.discard(generation);
      throw error;
    } finally {
      clearInterval(heartbeat);
      await Promise.all(started.map((part) => part.ended));
      if (resumeRunner && this.db.isOpen) this.runner?.start();
    }
  }

  /** Resolves when every part has reached `stage`; throws when one failed or on a cancel. */
  private async untilAll(parts: WatchedPart[], stage: 'caught-up' | 'finished'): Promise<void> {
    for (;;) {
      this.throwIfCancelled();
      const failed = parts.find((part) => part.failure);
      if (failed) throw failed.failure;
      if (parts.every((part) => part.reached.has(stage))) return;
      await Promise.race([...parts.map((part) => part.changed()), sleep(500)]);
    }
  }

  private throwIfCancelled(): void {
    if (this.cancelled || !this.db.isOpen) throw new RebuildFailedError(null, null, 'cancelled');
  }
}
