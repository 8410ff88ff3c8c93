import { Logger } from '@nestjs/common';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import { DEFAULT_REMINDER_QUEUE_NAME } from '../queue/bullmq-reminder-queue';
import { settleBeforeClose } from '../queue/settle-before-close';
import type { ReminderJobData } from '../queue/reminder-queue.port';
import {
  ReminderFinalError,
  type SendReminderOutcome,
  type SendReminderProcessor,
} from './send-reminder.processor';

export interface BullmqReminderWorkerOptions {
  redisUrl: string;
  prefix: string;
  queueName?: string;
  /** Jobs processed at once by this process. Default 4. */
  concurrency?: number;
  /** How long a job stays locked without renewal; a dead worker's job is retried after it. Default 30 s. */
  lockDurationMs?: number;
  /** How often stalled (dead workers') jobs are looked for. Default 30 s. */
  stalledIntervalMs?: number;
}

/**
 * Runs SendReminderProcessor on the BullMQ queue. Any number of copies may run, in any number of
 * processes: a job is delivered to one worker at a time, and the claim in the event log covers a
 * job redelivered after its worker died. Redis down at start or later: BullMQ keeps reconnecting.
 */
export class BullmqReminderWorker {
  private readonly logger = new Logger('BullmqReminderWorker');
  private worker: Worker<ReminderJobData, SendReminderOutcome> | null = null;

  constructor(
    private readonly processor: SendReminderProcessor,
    private readonly options: BullmqReminderWorkerOptions,
  ) {}

  start(): void {
    if (this.worker) return;
    const worker = new Worker<ReminderJobData, SendReminderOutcome>(
      this.options.queueName ?? DEFAULT_REMINDER_QUEUE_NAME,
      (job, token) => this.handle(job, token),
      {
        connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
        prefix: this.options.prefix,
        concurrency: this.options.concurrency ?? 4,
        lockDuration: this.options.lockDurationMs ?? 30_000,
        stalledInterval: this.options.stalledIntervalMs ?? 30_000,
        // Completed and failed jobs keep the options they were added with (queue side).
      },
    );
    let reported = false;
    worker.on('error', (error) => {
      // Connection errors repeat while Redis is away: say it once until it is back.
      if (!reported) this.logger.warn(`reminder worker: ${error.message}`);
      reported = true;
    });
    worker.on('ready', () => {
      reported = false;
    });
    worker.on('failed', (job, error) => {
      if (job && !(error instanceof DelayedError)) {
        this.logger.warn(`${job.id} attempt ${job.attemptsMade}: ${error.message}`);
      }
    });
    this.worker = worker;
  }

  /** Whether the worker is connected and taking jobs. */
  isRunning(): boolean {
    return !!this.worker?.isRunning();
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    await settleBeforeClose(() => worker.waitUntilReady());
    await worker.close();
  }

  private async handle(job: Job<ReminderJobData>, token?: string): Promise<SendReminderOutcome> {
    try {
      const outcome = await this.processor.process({
        id: job.id as string,
        data: job.data,
        attemptsMade: job.attemptsMade,
        attempts: job.opts.attempts ?? 1,
      });
      if (outcome.result === 'postponed') {
        await job.moveToDelayed(outcome.until, token);
        throw new DelayedError();
      }
      return outcome;
    } catch (error) {
      if (error instanceof ReminderFinalError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }
}
