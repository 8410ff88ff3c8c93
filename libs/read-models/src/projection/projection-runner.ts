import { Logger } from '@nestjs/common';
import type { AllSubscription, EventStore, StoredEvent } from '@app/event-store';
import type { Generation, ReadModelDatabase } from '../database/read-model-database';
import type { ClinicConfig } from '../clinic-config';
import { schemaOf, type ProjectionDefinition, type ProjectionWriter } from './projection';
import { messageOf } from './projection.errors';
import type { ProjectionProgress } from './projection-progress';

export interface ProjectionRunnerOptions {
  /** Most events per transaction while catching up. Default 500. */
  maxBatch?: number;
  /** How often an idle runner checks whether another process swapped generations. Default 2000 ms. */
  generationCheckMs?: number;
  /** First wait before re-subscribing after the store failed (doubles up to 30 s). Default 500 ms. */
  retryInitialMs?: number;
}

/**
 * Runs every projection, strictly in order, on one catch-up subscription to `$all` (the log is
 * read and parsed once for all of them), from the oldest of their checkpoints. Each batch of
 * events (what is already there, up to maxBatch while catching up) goes to every projection, and
 * each projection writes its changes and its checkpoint in ONE SQLite transaction of its own: a
 * crash or redelivery can never apply an event twice or skip one (exactly-once effect on
 * at-least-once delivery). A projection skips the events at or before its own checkpoint. A batch
 * with none of a projection's event types changes nothing of it: its checkpoint moves on with
 * those of the other such projections, in one small transaction after the batch.
 *
 * An event that makes a projection throw stops that projection, and only it: the batch is rolled
 * back, the events before the culprit are applied one by one, and the projection stops with the
 * culprit's position and the error (on /health, in the log). It is never skipped; restart() (or a
 * fixed version and a restart) tries again from the checkpoint. The others go on.
 *
 * The runner writes the current generation; when it changes (a rebuild swapped one in, in this
 * process or another), every projection starts again from the new generation's checkpoint.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('ProjectionRunner');
  private running = false;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private subscription: AllSubscription | null = null;
  private generation: Generation | null = null;
  private generationTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;

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
    this.stopping = false;
    this.db.ensureCurrent(schemaOf(this.definitions));
    this.loop = this.run().catch((error: unknown) => {
      // Not an event's fault (the file closed under it…): stop, say why, never crash the process.
      this.logger.error(`projections stopped: ${messageOf(error)}`);
      for (const definition of this.definitions) this.progress.halted(definition.name);
    });
    const every = this.options.generationCheckMs ?? 2000;
    this.generationTimer = setInterval(() => this.checkGeneration(), every);
    this.generationTimer.unref();
  }

  /** Stops every projection (a batch being applied is committed first). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping = true;
    if (this.generationTimer) clearInterval(this.generationTimer);
    this.generationTimer = null;
    this.wake?.();
    await this.subscription?.stop().catch(() => undefined);
    await this.loop;
    this.loop = null;
    for (const definition of this.definitions) this.progress.halted(definition.name);
  }

  /** Stops and starts every projection, stopped ones included, from their checkpoints. */
  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }

  /** Another process swapped generations: re-subscribe from the new one's checkpoints. */
  private checkGeneration(): void {
    if (!this.generation || this.stopping || !this.db.isOpen) return;
    if (this.db.currentId() !== this.generation.id) {
      void this.subscription?.stop().catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    let retryMs = this.options.retryInitialMs ?? 500;
    while (!this.stopping) {
      const generation = this.db.current();
      if (!generation) throw new Error('read models: no current generation');
      this.generation = generation;
      const projections = this.definitions.map((definition) => {
        const checkpoint = this.db.checkpoint(generation, definition.name);
        this.progress.started(definition.name, checkpoint);
        return new RunningProjection(
          definition,
          definition.writer({ db: this.db.sqlite, t: generation.t, clinic: this.clinic }),
          checkpoint,
          { db: this.db, progress: this.progress, logger: this.logger },
        );
      });
      try {
        await this.consume(generation, projections);
        retryMs = this.options.retryInitialMs ?? 500;
      } catch (error) {
        // The store failed (connection lost, closed): subscribe again from the checkpoints.
        if (this.stopping) return;
        this.logger.warn(`projections: subscription failed (${messageOf(error)}); retrying`);
        await this.sleep(retryMs);
        retryMs = Math.min(retryMs * 2, 30_000);
      }
    }
  }

  /** Returns when the subscription ends (stop, generation change) or every projection stopped. */
  private async consume(generation: Generation, projections: RunningProjection[]): Promise<void> {
    const live = () => projections.filter((p) => !p.failed);
    if (live().length === 0) return this.park();
    const from = live().reduce((min, p) => (p.applied < min ? p.applied : min), live()[0]!.applied);
    const subscription = this.store.subscribeToAll(from >= 0n ? { fromPosition: from } : {});
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    const maxBatch = this.options.maxBatch ?? 500;
    let pending = iterator.next();
    try {
      for (;;) {
        const first = await pending;
        if (first.done) return;
        const batch: StoredEvent[] = [first.value];
        pending = iterator.next();
        // Take what is already there (catching up) without waiting for new events: the batch ends
        // at the first turn of the event loop or at maxBatch.
        const tick = new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));
        let yielded = false;
        while (batch.length < maxBatch) {
          const next = await Promise.race([pending, tick]);
          if (next === TICK) {
            yielded = true;
            break;
          }
          if (next.done) break;
          batch.push(next.value);
          pending = iterator.next();
        }
        if (!this.db.isOpen) return;
        const passed: RunningProjection[] = [];
        for (const projection of live()) {
          if (projection.hasNothingIn(batch)) {
            passed.push(projection);
            continue;
          }
          let outcome = projection.take(generation, batch);
          // Another process holds the file's write lock (a rebuild from the command line): wait.
          for (let waitMs = 50; outcome === 'busy'; waitMs = Math.min(waitMs * 2, 2000)) {
            if (this.stopping || !this.db.isOpen) return;
            await this.sleep(waitMs);
            outcome = projection.take(generation, batch);
          }
          if (outcome === 'generation-changed') return;
        }
        if (passed.length > 0 && !(await this.pass(generation, passed, batch))) return;
        if (live().length === 0) return this.park();
        // Let HTTP requests (or the other work of this thread) in between two catch-up batches.
        if (!yielded) await tick;
      }
    } finally {
      this.subscription = null;
      pending.catch(() => undefined);
      await subscription.stop().catch(() => undefined);
    }
  }

  /**
   * Moves the checkpoints of projections the batch had nothing for, in one transaction. False when
   * the generation changed meanwhile (or the file closed).
   */
  private async pass(
    generation: Generation,
    passed: RunningProjection[],
    batch: StoredEvent[],
  ): Promise<boolean> {
    const last = batch[batch.length - 1]!.position;
    for (let waitMs = 50; ; waitMs = Math.min(waitMs * 2, 2000)) {
      if (this.stopping || !this.db.isOpen) return false;
      try {
        const changed = this.db.sqlite
          .transaction(() => {
            if (this.db.currentId() !== generation.id) return true;
            for (const projection of passed) {
              this.db.saveCheckpoint(generation, projection.name, last);
            }
            return false;
          })
          .immediate();
        if (changed) return false;
        for (const projection of passed) projection.passed(batch);
        return true;
      } catch (error) {
        if (!isBusy(error)) throw error;
        await this.sleep(waitMs);
      }
    }
  }

  /** Every projection stopped on an error: nothing to do until a stop (and a restart). */
  private park(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopping) return resolve();
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

type TakeOutcome = 'committed' | 'generation-changed' | 'failed' | 'busy';

const TICK = Symbol('tick');

class GenerationChanged extends Error {}

/** One projection on the runner's subscription: its writer, checkpoint and transactions. */
class RunningProjection {
  /** The last position applied (the checkpoint, or later events of batches it had nothing in). */
  applied: bigint;
  failed = false;

  constructor(
    private readonly definition: ProjectionDefinition,
    private readonly writer: ProjectionWriter,
    checkpoint: bigint,
    private readonly deps: {
      db: ReadModelDatabase;
      progress: ProjectionProgress;
      logger: Logger;
    },
  ) {
    this.applied = checkpoint;
  }

  get name(): string {
    return this.definition.name;
  }

  /** The batch has no event of this projection's types after its position. */
  hasNothingIn(batch: StoredEvent[]): boolean {
    const types = this.definition.eventTypes;
    return !batch.some((event) => event.position > this.applied && types.has(event.type));
  }

  /** The batch's events after this projection's position, with the checkpoint, in one transaction. */
  take(generation: Generation, batch: StoredEvent[]): TakeOutcome {
    const fresh = this.freshIn(batch);
    return fresh.length === 0 ? 'committed' : this.commit(generation, fresh);
  }

  /**
   * At-least-once delivery: an event at or before the last one applied (the checkpoint, or an
   * earlier event of this batch) is a redelivery and is never applied again.
   */
  private freshIn(batch: StoredEvent[]): StoredEvent[] {
    const fresh: StoredEvent[] = [];
    let last = this.applied;
    for (const event of batch) {
      if (event.position > last) {
        fresh.push(event);
        last = event.position;
      }
    }
    return fresh;
  }

  /** Its checkpoint moved past the batch (the caller wrote it): progress follows. */
  passed(batch: StoredEvent[]): void {
    const events = this.freshIn(batch);
    if (events.length > 0) this.advanced(events);
  }

  private advanced(events: StoredEvent[]): void {
    const last = events[events.length - 1]!;
    this.applied = last.position;
    this.deps.progress.advanced(this.definition.name, last.position, {
      events: events.length,
      firstRecordedAtMs: Date.parse(events[0]!.metadata.recordedAt),
      lastRecordedAtMs: Date.parse(last.metadata.recordedAt),
      appliedAtMs: Date.now(),
    });
  }

  /** One transaction for the batch and its checkpoint; on an error, find the culprit and stop. */
  private commit(generation: Generation, batch: StoredEvent[]): TakeOutcome {
    const { progress, logger } = this.deps;
    const name = this.definition.name;
    try {
      this.apply(generation, batch);
      this.advanced(batch);
      return 'committed';
    } catch (error) {
      this.writer.discard();
      if (error instanceof GenerationChanged) return 'generation-changed';
      if (isBusy(error)) return 'busy';
      if (batch.length > 1) {
        for (let i = 0; i < batch.length; i++) {
          const outcome = this.commit(generation, [batch[i]!]);
          // Keep what was committed; the rest of the batch is tried again as a whole.
          if (outcome === 'busy') return 'busy';
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
      this.failed = true;
      return 'failed';
    }
  }

  private apply(generation: Generation, batch: StoredEvent[]): void {
    const { db } = this.deps;
    const types = this.definition.eventTypes;
    db.sqlite
      .transaction(() => {
        if (db.currentId() !== generation.id) throw new GenerationChanged();
        for (const event of batch) if (types.has(event.type)) this.writer.apply(event);
        this.writer.flush();
        db.saveCheckpoint(generation, this.definition.name, batch[batch.length - 1]!.position);
      })
      .immediate();
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}
