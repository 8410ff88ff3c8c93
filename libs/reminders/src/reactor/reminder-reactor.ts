import { join } from 'node:path';
import { parseStreamName, REMINDER_KINDS, type ClinicalPolicy } from '@app/domain';
import type { AllSubscription, EventStore, StoredEvent } from '@app/event-store';
import { Logger } from '@nestjs/common';
import { planSeriesReminders } from '../planner/reminder-facts';
import {
  reminderJobId,
  type PlannedReminder,
  type ReminderClinic,
} from '../planner/reminder.planner';
import type { ReminderTiming } from '../planner/reminder-timing';
import { readSeriesAndPatient } from '../processor/reminder-context';
import { ReminderQueueUnavailableError, type ReminderQueue } from '../queue/reminder-queue.port';
import { ReminderCheckpointStore } from './reminder-checkpoint.store';

export interface ReminderReactorOptions {
  /** DATA_DIR: the checkpoint lives in `<dataDir>/reminders.sqlite`. */
  dataDir: string;
  clinic: ReminderClinic;
  defaultPolicy: ClinicalPolicy;
  timing?: ReminderTiming;
  clock?: () => Date;
  /** Checkpoint name (one per reactor sharing a file). Default `reminder-reactor`. */
  name?: string;
  /** Backoff after a failure (Redis down …): starts here, doubles, capped. Defaults 500 ms and 30 s. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** How often an idle reactor checks that Redis still holds its jobs. Default 10 s. */
  markerCheckIntervalMs?: number;
  /** Events handled per checkpoint while catching up. Default 500. */
  maxBatch?: number;
  /**
   * How long a batch waits for more events after its first one. Reminders fall due hours or days
   * later, so a few milliseconds cost nothing, and a busy front desk's bookings then share their
   * reads, their Redis round trips and their checkpoint. Default 20 ms.
   */
  lingerMs?: number;
}

export interface ReminderReactorStatus {
  running: boolean;
  /** Last $all position whose reminders are in the queue (-1: none yet). */
  checkpoint: string;
  waitingForRedis: boolean;
  lastError: string | null;
}

const TREATMENT_SERIES = 'TreatmentSeries';
const PATIENT = 'Patient';

class RestartFromScratch extends Error {}

/**
 * Turns the event log into BullMQ delayed jobs. A checkpointed catch-up subscription to $all: for
 * every series or patient event, the affected series' appointments are re-planned and the queue
 * reconciled (enqueue new or moved reminders, remove dropped ones). The checkpoint is saved only
 * after the queue accepted the batch, and job ids are deterministic, so a restart neither loses
 * nor duplicates a job. Redis down: the batch is retried with backoff and the checkpoint held;
 * booking never waits for any of this. Redis back without its data (restarted without
 * persistence): its marker is gone, so the reactor re-plans everything from the start of the log;
 * reminders already sent are recognised by the worker and not sent again.
 */
export class ReminderReactor {
  private readonly logger = new Logger('ReminderReactor');
  private readonly checkpoints: ReminderCheckpointStore;
  private readonly name: string;
  private readonly clock: () => Date;
  private running = false;
  private loop: Promise<void> | null = null;
  private subscription: AllSubscription | null = null;
  private wakeSleep: (() => void) | null = null;
  private waitingForRedis = false;
  private lastError: string | null = null;
  private lastMarkerCheck = 0;
  private markerVerified = false;

  constructor(
    private readonly store: EventStore,
    private readonly queue: ReminderQueue,
    private readonly options: ReminderReactorOptions,
  ) {
    this.name = options.name ?? 'reminder-reactor';
    this.clock = options.clock ?? (() => new Date());
    this.checkpoints = new ReminderCheckpointStore(join(options.dataDir, 'reminders.sqlite'));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeSleep?.();
    await this.subscription?.stop().catch(() => undefined);
    await this.loop;
    this.loop = null;
    this.checkpoints.close();
  }

  checkpoint(): bigint {
    return this.checkpoints.checkpoint(this.name);
  }

  status(): ReminderReactorStatus {
    return {
      running: this.running,
      checkpoint: this.checkpoint().toString(),
      waitingForRedis: this.waitingForRedis,
      lastError: this.lastError,
    };
  }

  /** Resolves once every event up to `position` is reflected in the queue. */
  async waitForPosition(position: bigint, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.checkpoint() < position) {
      if (Date.now() > deadline) {
        throw new Error(`reminder reactor still at ${this.checkpoint()}, waiting for ${position}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async run(): Promise<void> {
    let backoff = this.options.retryInitialMs ?? 500;
    while (this.running) {
      try {
        await this.consume();
        backoff = this.options.retryInitialMs ?? 500;
      } catch (error) {
        if (!this.running) break;
        if (error instanceof RestartFromScratch) continue;
        this.noteFailure(error);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.retryMaxMs ?? 30_000);
      }
    }
  }

  /** One subscription from the checkpoint; returns or throws when it must be re-opened. */
  private async consume(): Promise<void> {
    await this.verifyMarker();
    const from = this.checkpoint();
    const subscription = this.store.subscribeToAll(from >= 0n ? { fromPosition: from } : {});
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    const interval = this.options.markerCheckIntervalMs ?? 10_000;
    const maxBatch = this.options.maxBatch ?? 500;
    let pending = iterator.next();
    try {
      while (this.running) {
        const idle = this.delay(interval);
        const first = await Promise.race([pending, idle.promise]);
        idle.cancel();
        if (first === 'timeout') {
          await this.verifyMarker();
          continue;
        }
        if (first.done) return;
        const batch: StoredEvent[] = [first.value];
        pending = iterator.next();
        // Take whatever is already buffered (catch-up), and what comes within the linger.
        const linger = this.delay(this.options.lingerMs ?? 20);
        while (batch.length < maxBatch) {
          const next = await Promise.race([pending, linger.promise]);
          if (next === 'timeout' || next.done) break;
          batch.push(next.value);
          pending = iterator.next();
        }
        linger.cancel();
        await this.handleBatchWithRetry(batch);
      }
    } finally {
      this.subscription = null;
      await subscription.stop().catch(() => undefined);
    }
  }

  private async handleBatchWithRetry(batch: StoredEvent[]): Promise<void> {
    let backoff = this.options.retryInitialMs ?? 500;
    while (this.running) {
      try {
        await this.verifyMarker();
        await this.handleBatch(batch);
        if (this.waitingForRedis || this.lastError)
          this.logger.log('reminders are being enqueued again');
        this.waitingForRedis = false;
        this.lastError = null;
        return;
      } catch (error) {
        if (error instanceof RestartFromScratch) throw error;
        if (!this.running) return;
        this.noteFailure(error);
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.retryMaxMs ?? 30_000);
      }
    }
  }

  private async handleBatch(batch: StoredEvent[]): Promise<void> {
    const newLinks: Array<[string, string]> = [];
    const series = new Set<string>();
    for (const event of batch) {
      const { category, id } = parseStreamName(event.stream);
      if (category === TREATMENT_SERIES) {
        series.add(id);
        if (event.type === 'SeriesOpened') {
          const patientId = (event.data as { patientId?: string }).patientId;
          if (patientId) newLinks.push([patientId, id]);
        }
      } else if (category === PATIENT) {
        for (const seriesId of this.checkpoints.seriesOfPatient(id)) series.add(seriesId);
        for (const [patientId, seriesId] of newLinks) if (patientId === id) series.add(seriesId);
      }
    }
    // Different series touch different jobs: plan them all, then reconcile the queue in bulk.
    const wanted: PlannedReminder[] = [];
    const unwanted: string[] = [];
    for (const seriesId of series) {
      const plan = await this.planSeries(seriesId);
      wanted.push(...plan.wanted);
      unwanted.push(...plan.unwanted);
      // Let other work of this thread in (the api's projections: read-your-writes waits on them).
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (let i = 0; i < wanted.length; i += 1000)
      await this.queue.enqueueMany(wanted.slice(i, i + 1000));
    for (let i = 0; i < unwanted.length; i += 1000)
      await this.queue.removeMany(unwanted.slice(i, i + 1000));
    this.checkpoints.commit(this.name, batch[batch.length - 1].position, newLinks);
  }

  /** Makes the queue hold exactly the reminders the series' appointments should have now. */
  async reconcileSeries(seriesId: string): Promise<void> {
    const { wanted, unwanted } = await this.planSeries(seriesId);
    await this.queue.enqueueMany(wanted);
    await this.queue.removeMany(unwanted);
  }

  /** The jobs the series' appointments should have now, and the ids of those they should not. */
  private async planSeries(
    seriesId: string,
  ): Promise<{ wanted: PlannedReminder[]; unwanted: string[] }> {
    const { series, patient } = await readSeriesAndPatient(this.store, seriesId);
    const plans = planSeriesReminders({
      series,
      patient,
      clinic: this.options.clinic,
      defaultPolicy: this.options.defaultPolicy,
      now: this.clock().toISOString(),
      timing: this.options.timing,
    });
    const wanted: PlannedReminder[] = [];
    const unwanted: string[] = [];
    for (const [appointmentId, planned] of plans) {
      for (const kind of REMINDER_KINDS) {
        const reminder = planned.find((p) => p.kind === kind);
        if (reminder) wanted.push(reminder);
        else unwanted.push(reminderJobId(appointmentId, kind));
      }
    }
    return { wanted, unwanted };
  }

  /**
   * Redis keeps a marker while it keeps our jobs. Missing (first run, or Redis lost its data):
   * start over from the beginning of the log, then set it.
   */
  private async verifyMarker(): Promise<void> {
    const interval = this.options.markerCheckIntervalMs ?? 10_000;
    if (this.markerVerified && Date.now() - this.lastMarkerCheck < interval) return;
    const marker = this.checkpoints.markerId(this.name);
    const present = await this.queue.hasMarker(marker);
    this.lastMarkerCheck = Date.now();
    if (present) {
      this.markerVerified = true;
      return;
    }
    const restart = this.checkpoint() >= 0n;
    if (restart) {
      this.logger.warn(
        'Redis lost the reminder jobs: re-planning every reminder from the start of the log',
      );
      this.checkpoints.commit(this.name, -1n);
    }
    await this.queue.setMarker(marker);
    this.markerVerified = true;
    if (restart) throw new RestartFromScratch();
  }

  private noteFailure(error: unknown): void {
    const unavailable = error instanceof ReminderQueueUnavailableError;
    const message = (error as Error)?.message ?? String(error);
    if (unavailable && !this.waitingForRedis) {
      this.logger.warn('Redis is unavailable: reminders will be enqueued when it is back');
    } else if (!unavailable && message !== this.lastError) {
      this.logger.warn(`reminder reactor: ${message}`);
    }
    this.waitingForRedis = unavailable;
    if (unavailable) this.markerVerified = false;
    this.lastError = message;
  }

  private delay(ms: number): { promise: Promise<'timeout'>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const promise = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    return { promise, cancel: () => clearTimeout(timer) };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
