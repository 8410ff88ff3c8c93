import { Logger } from '@nestjs/common';
import type { AllSubscription, EventStore, StoredEvent } from '@app/event-store';
import type { Generation, ReadModelDatabase } from '../database/read-model-database';
import type { ClinicConfig } from '../read-models.options';
import { schemaOf, type ProjectionDefinition, type ProjectionWriter } from './projection';
import type { ProjectionProgress } from './projection-progress';

export interface ProjectionRunnerOptions {
  /** Most events per transaction while catching up. Default 500. */
  maxBatch?: number;
  /** How often an idle projection checks whether another process swapped generations. Default 2000 ms. */
  generationCheckMs?: number;
  /** First wait before re-subscribing after the store failed (doubles up to 30 s). Default 500 ms. */
  retryInitialMs?: number;
}

/**
 * Runs every projection: one checkpointed catch-up subscription to `$all` each, events applied
 * strictly in order. Each batch of events (one event when live, up to maxBatch while catching
 * up) and the checkpoint after it are written in ONE SQLite transaction: a crash or redelivery
 * can never apply an event twice or skip one (exactly-once effect on at-least-once delivery).
 *
 * An event that makes a projection throw stops that projection, and only it: the batch is rolled
 * back, the events before the culprit are applied one by one, and the projection stops with the
 * culprit's position and the error (on /health, in the log). It is never skipped; restart() (or a
 * fixed version and a restart) tries again from the checkpoint.
 *
 * The runner writes the current generation; when it changes (a rebuild swapped one in, in this
 * process or another), each projection starts again from the new generation's checkpoint.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('ProjectionRunner');
  private workers: ProjectionWorker[] = [];
  private running = false;
  private generationTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly db: ReadModelDatabase,
    private readonly definitions: readonly ProjectionDefinition[],
    private readonly clinic: ClinicConfig,
    private readonly progress: ProjectionProgress,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    progress.register(definitions.map((d) => d.name));
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Lays out the views if needed (a new or changed schema starts empty) and starts every projection. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.db.ensureCurrent(schemaOf(this.definitions));
    this.workers = this.definitions.map(
      (definition) =>
        new ProjectionWorker(definition, {
          store: this.store,
          db: this.db,
          clinic: this.clinic,
          progress: this.progress,
          logger: this.logger,
          maxBatch: this.options.maxBatch ?? 500,
          retryInitialMs: this.options.retryInitialMs ?? 500,
        }),
    );
    for (const worker of this.workers) worker.start();
    const every = this.options.generationCheckMs ?? 2000;
    this.generationTimer = setInterval(() => {
      for (const worker of this.workers) worker.checkGeneration();
    }, every);
    this.generationTimer.unref();
  }

  /** Stops every projection (a batch being applied is committed first). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.generationTimer) clearInterval(this.generationTimer);
    this.generationTimer = null;
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.stop()));
  }

  /** Stops and starts every projection, stopped ones included, from their checkpoints. */
  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }
}

interface WorkerDeps {
  store: EventStore;
  db: ReadModelDatabase;
  clinic: ClinicConfig;
  progress: ProjectionProgress;
  logger: Logger;
  maxBatch: number;
  retryInitialMs: number;
}

type CommitOutcome = 'committed' | 'generation-changed' | 'failed' | 'busy';

const TICK = Symbol('tick');

class GenerationChanged extends Error {}

/** One projection's subscription and transactions. */
class ProjectionWorker {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private subscription: AllSubscription | null = null;
  private generation: Generation | null = null;
  private wakeRetry: (() => void) | null = null;

  constructor(
    private readonly definition: ProjectionDefinition,
    private readonly deps: WorkerDeps,
  ) {}

  start(): void {
    this.stopping = false;
    this.loop = this.run().catch((error: unknown) => {
      // Not an event's fault (the file closed under it…): stop, say why, never crash the process.
      this.deps.logger.error(`projection ${this.definition.name} stopped: ${messageOf(error)}`);
      this.deps.progress.halted(this.definition.name);
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeRetry?.();
    await this.subscription?.stop().catch(() => undefined);
    await this.loop;
    this.loop = null;
    this.deps.progress.halted(this.definition.name);
  }

  /** Another process swapped generations: re-subscribe from the new one's checkpoint. */
  checkGeneration(): void {
    if (!this.generation || this.stopping || !this.deps.db.isOpen) return;
    if (this.deps.db.currentId() !== this.generation.id) {
      void this.subscription?.stop().catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    const { db, progress, logger } = this.deps;
    const name = this.definition.name;
    let retryMs = this.deps.retryInitialMs;
    while (!this.stopping) {
      const generation = db.current();
      if (!generation) throw new Error('read models: no current generation');
      this.generation = generation;
      const writer = this.definition.writer({
        db: db.sqlite,
        t: generation.t,
        clinic: this.deps.clinic,
      });
      const checkpoint = db.checkpoint(generation, name);
      progress.started(name, checkpoint);
      try {
        const outcome = await this.consume(generation, writer, checkpoint);
        if (outcome === 'failed') return;
        retryMs = this.deps.retryInitialMs;
      } catch (error) {
        // The store failed (connection lost, closed): subscribe again from the checkpoint.
        if (this.stopping) return;
        logger.warn(`projection ${name}: subscription failed (${messageOf(error)}); retrying`);
        await this.sleep(retryMs);
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    }
  }

  /** Returns when the subscription ends (stop, generation change) or the projection failed. */
  private async consume(
    generation: Generation,
    writer: ProjectionWriter,
    checkpoint: bigint,
  ): Promise<'ended' | 'failed'> {
    const subscription = this.deps.store.subscribeToAll(
      checkpoint >= 0n ? { fromPosition: checkpoint } : {},
    );
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    let pending = iterator.next();
    let applied = checkpoint;
    try {
      for (;;) {
        const first = await pending;
        if (first.done) return 'ended';
        const batch: StoredEvent[] = [first.value];
        pending = iterator.next();
        // Take what is already there (catching up) without waiting for new events: the batch ends
        // at the first turn of the event loop or at maxBatch.
        const tick = new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));
        let yielded = false;
        while (batch.length < this.deps.maxBatch) {
          const next = await Promise.race([pending, tick]);
          if (next === TICK) {
            yielded = true;
            break;
          }
          if (next.done) break;
          batch.push(next.value);
          pending = iterator.next();
        }
        if (!this.deps.db.isOpen) return 'ended';
        // At-least-once delivery: an event at or before the last one applied (the checkpoint, or
        // an earlier event of this batch) is a redelivery and is never applied again.
        const fresh: StoredEvent[] = [];
        let last = applied;
        for (const event of batch) {
          if (event.position > last) {
            fresh.push(event);
            last = event.position;
          }
        }
        if (fresh.length === 0) {
          if (!yielded) await tick;
          continue;
        }
        let outcome = this.commit(generation, writer, fresh);
        // Another process holds the file's write lock (a rebuild from the command line): wait.
        for (let waitMs = 50; outcome === 'busy'; waitMs = Math.min(waitMs * 2, 2000)) {
          if (this.stopping || !this.deps.db.isOpen) return 'ended';
          await this.sleep(waitMs);
          outcome = this.commit(generation, writer, fresh);
        }
        if (outcome === 'failed') return 'failed';
        if (outcome === 'generation-changed') return 'ended';
        applied = fresh[fresh.length - 1]!.position;
        // Let HTTP requests in between two catch-up batches.
        if (!yielded) await tick;
      }
    } finally {
      this.subscription = null;
      pending.catch(() => undefined);
      await subscription.stop().catch(() => undefined);
    }
  }

  /** One transaction for the batch and its checkpoint; on an error, find the culprit and stop. */
  private commit(
    generation: Generation,
    writer: ProjectionWriter,
    batch: StoredEvent[],
  ): CommitOutcome {
    const { progress, logger } = this.deps;
    const name = this.definition.name;
    try {
      this.apply(generation, writer, batch);
      const last = batch[batch.length - 1]!;
      progress.advanced(name, last.position, {
        events: batch.length,
        firstRecordedAtMs: Date.parse(batch[0]!.metadata.recordedAt),
        lastRecordedAtMs: Date.parse(last.metadata.recordedAt),
        appliedAtMs: Date.now(),
      });
      return 'committed';
    } catch (error) {
      writer.discard();
      if (error instanceof GenerationChanged) return 'generation-changed';
      if (isBusy(error)) return 'busy';
      if (batch.length > 1) {
        for (let i = 0; i < batch.length; i++) {
          const outcome = this.commit(generation, writer, [batch[i]!]);
          if (outcome === 'busy') {
            // Keep what was committed; the rest of the batch is tried again as a whole.
            batch.splice(0, i);
            return 'busy';
          }
          if (outcome !== 'committed') return outcome;
        }
        // The whole batch went through one by one: what failed was not an event (e.g. the lock).
        return 'committed';
      }
      const culprit = batch[0]!;
      const message = messageOf(error);
      logger.error(
        `projection ${name} stopped: the event at position ${culprit.position} (${culprit.type}) failed: ${message}`,
      );
      progress.failed(name, culprit.position, message);
      return 'failed';
    }
  }

  private apply(generation: Generation, writer: ProjectionWriter, batch: StoredEvent[]): void {
    const { db } = this.deps;
    const types = this.definition.eventTypes;
    db.sqlite
      .transaction(() => {
        if (db.currentId() !== generation.id) throw new GenerationChanged();
        for (const event of batch) if (types.has(event.type)) writer.apply(event);
        writer.flush();
        db.saveCheckpoint(generation, this.definition.name, batch[batch.length - 1]!.position);
      })
      .immediate();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeRetry = done;
    });
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
