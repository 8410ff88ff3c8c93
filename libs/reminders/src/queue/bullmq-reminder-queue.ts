import { Logger } from '@nestjs/common';
import { Queue, type Job, type JobsOptions } from 'bullmq';
import IORedis, { type Redis } from 'ioredis';
import type { PlannedReminder } from '../planner/reminder.planner';
import {
  ReminderJobBusyError,
  ReminderQueue,
  ReminderQueueUnavailableError,
  type DeadLetter,
  type EnqueueResult,
  type QueuedReminder,
  type QueuedReminderState,
  type ReminderJobData,
} from './reminder-queue.port';

export interface BullmqReminderQueueOptions {
  /** REDIS_URL, e.g. redis://127.0.0.1:6379/0 */
  redisUrl: string;
  /** BullMQ key prefix: one per deployment (tests use a unique one and obliterate afterwards). */
  prefix: string;
  /** Default `reminders`; the dead-letter queue is `<name>-dead-letter`. */
  queueName?: string;
  /** Tries per reminder before it goes to the dead-letter queue. Default 5. */
  attempts?: number;
  /** First backoff delay; doubles every retry. Default 30 s. */
  backoffMs?: number;
  /** A Redis call that takes longer fails as "unavailable". Default 5 s. */
  operationTimeoutMs?: number;
  /** Finished jobs are kept this long, so the dashboard shows them. Default 14 days. */
  keepFinishedSeconds?: number;
}

export const DEFAULT_REMINDER_QUEUE_NAME = 'reminders';

/**
 * ReminderQueue on BullMQ. Its own ioredis connection fails fast while Redis is away (no offline
 * queue, and no call is even started unless the connection is ready), so the reactor can hold its
 * checkpoint and retry instead of hanging; ioredis keeps reconnecting in the background.
 */
export class BullmqReminderQueue extends ReminderQueue {
  readonly queue: Queue<ReminderJobData>;
  readonly deadLetters: Queue<DeadLetter>;
  private readonly redis: Redis;
  private readonly logger = new Logger('BullmqReminderQueue');
  private readonly timeoutMs: number;
  private readonly jobOptions: JobsOptions;
  private wasAvailable = true;
  private everConnected = false;

  constructor(readonly options: BullmqReminderQueueOptions) {
    super();
    this.timeoutMs = options.operationTimeoutMs ?? 5000;
    this.redis = new IORedis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(250 * times, 5000),
    });
    this.redis.on('error', () => this.noteAvailability(false));
    this.redis.on('ready', () => {
      this.everConnected = true;
      this.noteAvailability(true);
    });
    const name = options.queueName ?? DEFAULT_REMINDER_QUEUE_NAME;
    const keepFor = options.keepFinishedSeconds ?? 14 * 24 * 3600;
    this.jobOptions = {
      attempts: options.attempts ?? 5,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 30_000 },
      removeOnComplete: { age: keepFor },
      removeOnFail: { age: keepFor },
    };
    this.queue = new Queue<ReminderJobData>(name, {
      connection: this.redis,
      prefix: options.prefix,
    });
    this.deadLetters = new Queue<DeadLetter>(`${name}-dead-letter`, {
      connection: this.redis,
      prefix: options.prefix,
    });
    this.queue.on('error', () => undefined);
    this.deadLetters.on('error', () => undefined);
  }

  /** The BullMQ queues, for a dashboard (Bull Board). */
  get bullQueues(): Queue[] {
    return [this.queue as Queue, this.deadLetters as Queue];
  }

  isAvailable(): boolean {
    return this.redis.status === 'ready';
  }

  /** Resolves once Redis answers (or rejects after `timeoutMs`). */
  async waitUntilAvailable(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.isAvailable()) {
      if (Date.now() > deadline) throw new ReminderQueueUnavailableError();
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async enqueue(planned: PlannedReminder): Promise<EnqueueResult> {
    return (await this.enqueueMany([planned]))[0];
  }

  async enqueueMany(planned: PlannedReminder[]): Promise<EnqueueResult[]> {
    if (planned.length === 0) return [];
    return this.call(async () => {
      // One pipelined read of the existing jobs' data, then one bulk add of the new or moved ones.
      const pipeline = this.redis.pipeline();
      for (const p of planned) pipeline.hget(this.queue.toKey(p.jobId), 'data');
      const existing = ((await pipeline.exec()) ?? []).map(([error, value]) => {
        if (error) throw error;
        return value ? (JSON.parse(value as string) as ReminderJobData) : null;
      });
      const results: EnqueueResult[] = [];
      const toAdd: PlannedReminder[] = [];
      for (const [i, p] of planned.entries()) {
        const current = existing[i];
        if (current && Date.parse(current.dueAt) === Date.parse(p.dueAt)) {
          results.push('unchanged');
          continue;
        }
        if (current) {
          if ((await this.queue.remove(p.jobId)) !== 1) throw new ReminderJobBusyError(p.jobId);
          results.push('moved');
        } else {
          results.push('added');
        }
        toAdd.push(p);
      }
      if (toAdd.length > 0) {
        const now = Date.now();
        await this.queue.addBulk(
          toAdd.map((p) => ({
            name: p.kind,
            data: {
              appointmentId: p.appointmentId,
              seriesId: p.seriesId,
              kind: p.kind,
              dueAt: p.dueAt,
            },
            opts: {
              ...this.jobOptions,
              jobId: p.jobId,
              delay: Math.max(0, Date.parse(p.dueAt) - now),
            },
          })),
        );
      }
      return results;
    });
  }

  async remove(jobId: string): Promise<boolean> {
    return (await this.removeMany([jobId]))[0];
  }

  async removeMany(jobIds: string[]): Promise<boolean[]> {
    if (jobIds.length === 0) return [];
    return this.call(async () => {
      const pipeline = this.redis.pipeline();
      for (const id of jobIds) pipeline.exists(this.queue.toKey(id));
      const exists = ((await pipeline.exec()) ?? []).map(([error, value]) => {
        if (error) throw error;
        return value === 1;
      });
      return Promise.all(
        jobIds.map(async (jobId, i) => {
          if (!exists[i]) return false;
          const job = await this.queue.getJob(jobId);
          if (!job) return false;
          const state = await job.getState();
          // Finished jobs are history; a running one re-plans before it sends.
          if (state === 'completed' || state === 'failed' || state === 'active') return false;
          return (await this.queue.remove(jobId)) === 1;
        }),
      );
    });
  }

  async get(jobId: string): Promise<QueuedReminder | null> {
    return this.call(async () => {
      const job = await this.queue.getJob(jobId);
      return job ? this.describe(job) : null;
    });
  }

  async list(
    options: { states?: QueuedReminderState[]; offset?: number; limit?: number } = {},
  ): Promise<QueuedReminder[]> {
    return this.call(async () => {
      const states = options.states ?? ['delayed', 'waiting', 'active', 'completed', 'failed'];
      const offset = options.offset ?? 0;
      const jobs = await this.queue.getJobs(
        states.filter((s) => s !== 'unknown') as Array<Exclude<QueuedReminderState, 'unknown'>>,
        offset,
        offset + (options.limit ?? 100) - 1,
        true,
      );
      return Promise.all(jobs.filter(Boolean).map((job) => this.describe(job)));
    });
  }

  async deadLetter(entry: DeadLetter): Promise<void> {
    await this.call(async () => {
      // One entry per reminder job: a reminder that fails again after a retry replaces its entry.
      await this.deadLetters.remove(entry.jobId);
      await this.deadLetters.add('dead-letter', entry, { jobId: entry.jobId });
    });
  }

  async listDeadLetters(options: { offset?: number; limit?: number } = {}): Promise<DeadLetter[]> {
    return this.call(async () => {
      const offset = options.offset ?? 0;
      const jobs = await this.deadLetters.getJobs(
        ['waiting', 'paused', 'delayed'],
        offset,
        offset + (options.limit ?? 100) - 1,
        true,
      );
      return jobs.filter(Boolean).map((job) => job.data);
    });
  }

  async retryDeadLetter(jobId: string): Promise<boolean> {
    return this.call(async () => {
      const entry = await this.deadLetters.getJob(jobId);
      if (!entry) return false;
      if ((await this.queue.remove(jobId)) !== 1 && (await this.queue.getJob(jobId))) {
        throw new ReminderJobBusyError(jobId);
      }
      await this.queue.add(entry.data.data.kind, entry.data.data, { ...this.jobOptions, jobId });
      await this.deadLetters.remove(jobId);
      return true;
    });
  }

  async hasMarker(name: string): Promise<boolean> {
    return this.call(async () => (await this.redis.exists(this.markerKey(name))) === 1);
  }

  async setMarker(name: string): Promise<void> {
    await this.call(async () => {
      await this.redis.set(this.markerKey(name), new Date().toISOString());
    });
  }

  /** Removes every key of both queues and the markers (tests, and a deployment being torn down). */
  async obliterate(): Promise<void> {
    await this.call(async () => {
      await this.queue.obliterate({ force: true });
      await this.deadLetters.obliterate({ force: true });
      const markers = await this.redis.keys(this.markerKey('*'));
      if (markers.length > 0) await this.redis.del(...markers);
    });
  }

  private markerKey(name: string): string {
    return `${this.options.prefix}:reminder-markers:${name}`;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.queue.close(), this.deadLetters.close()]);
    this.redis.disconnect();
  }

  private async describe(job: Job<ReminderJobData>): Promise<QueuedReminder> {
    const state = await job.getState();
    return {
      jobId: job.id as string,
      data: job.data,
      state: (['delayed', 'waiting', 'active', 'completed', 'failed'].includes(state)
        ? state
        : state === 'prioritized' || state === 'waiting-children'
          ? 'waiting'
          : 'unknown') as QueuedReminderState,
      attemptsMade: job.attemptsMade,
      runAt: job.timestamp + (job.delay ?? 0),
      failedReason: job.failedReason ?? null,
    };
  }

  private noteAvailability(available: boolean): void {
    if (available === this.wasAvailable) return;
    this.wasAvailable = available;
    if (available) this.logger.log('Redis is reachable again');
    else this.logger.warn('Redis is unreachable; reminders wait until it is back');
  }

  /** Never starts a call while Redis is away (BullMQ would wait for it); bounds the ones it starts. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    if (!this.isAvailable()) {
      // Still making its first connection: worth a short wait. Otherwise fail fast.
      if (!this.everConnected && ['wait', 'connecting', 'connect'].includes(this.redis.status)) {
        await this.waitUntilAvailable(Math.min(this.timeoutMs, 2000));
      } else {
        throw new ReminderQueueUnavailableError();
      }
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ReminderQueueUnavailableError('Redis did not answer in time')),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([operation(), timeout]);
    } catch (error) {
      if (error instanceof ReminderJobBusyError || error instanceof ReminderQueueUnavailableError)
        throw error;
      if (!this.isAvailable() || isConnectionError(error)) {
        throw new ReminderQueueUnavailableError(`Redis failed: ${(error as Error).message}`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

function isConnectionError(error: unknown): boolean {
  const message = String((error as Error)?.message ?? '');
  return /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|max retries/i.test(
    message,
  );
}
