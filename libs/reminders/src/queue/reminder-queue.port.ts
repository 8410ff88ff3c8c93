import type { ReminderKind } from '@app/domain';
import type { PlannedReminder } from '../planner/reminder.planner';

/** What a job carries: ids and the planned instant, no patient data (Redis is not the record). */
export interface ReminderJobData {
  appointmentId: string;
  seriesId: string;
  kind: ReminderKind;
  /** The planned instant (ISO 8601): identifies the occurrence; a moved appointment plans another. */
  dueAt: string;
}

export type QueuedReminderState =
  'delayed' | 'waiting' | 'active' | 'completed' | 'failed' | 'unknown';

export interface QueuedReminder {
  jobId: string;
  data: ReminderJobData;
  state: QueuedReminderState;
  attemptsMade: number;
  /** Epoch ms at which it becomes (or became) due in the queue. */
  runAt: number;
  failedReason: string | null;
}

export interface DeadLetter {
  jobId: string;
  data: ReminderJobData;
  /** Without patient data (e.g. "gateway answered 400"). */
  error: string;
  attempts: number;
  failedAt: string;
}

export type EnqueueResult = 'added' | 'unchanged' | 'moved';

/** Redis is unreachable: the caller keeps its place and tries again later. */
export class ReminderQueueUnavailableError extends Error {
  constructor(message = 'the reminder queue (Redis) is unavailable') {
    super(message);
    this.name = 'ReminderQueueUnavailableError';
  }
}

/** The job is being processed right now and cannot be replaced: try again shortly. */
export class ReminderJobBusyError extends Error {
  constructor(jobId: string) {
    super(`reminder job ${jobId} is being processed; try again shortly`);
    this.name = 'ReminderJobBusyError';
  }
}

/**
 * Delayed reminder jobs with deterministic ids (`reminder-<appointmentId>-<kind>`), retries with
 * exponential backoff, and a dead-letter queue for final failures that admins can list and retry.
 */
export abstract class ReminderQueue {
  /**
   * Idempotent: the same job id with the same dueAt is left alone (whatever its state: a sent
   * reminder stays sent); another dueAt replaces the job (a moved appointment).
   */
  abstract enqueue(planned: PlannedReminder): Promise<EnqueueResult>;
  /** enqueue for many reminders in a few round trips (the reactor's and the benchmark's path). */
  abstract enqueueMany(planned: PlannedReminder[]): Promise<EnqueueResult[]>;
  /** Removes a job that has not run yet. false: none, finished already, or running (the processor re-plans). */
  abstract remove(jobId: string): Promise<boolean>;
  /** remove for many ids; ids without a job cost one pipelined check. */
  abstract removeMany(jobIds: string[]): Promise<boolean[]>;
  abstract get(jobId: string): Promise<QueuedReminder | null>;
  abstract list(options?: {
    states?: QueuedReminderState[];
    offset?: number;
    limit?: number;
  }): Promise<QueuedReminder[]>;
  abstract deadLetter(entry: DeadLetter): Promise<void>;
  abstract listDeadLetters(options?: { offset?: number; limit?: number }): Promise<DeadLetter[]>;
  /** Puts a dead letter back on the queue, due now, with fresh attempts. false: no such dead letter. */
  abstract retryDeadLetter(jobId: string): Promise<boolean>;
  /**
   * Whether Redis still holds a marker set by setMarker. false after Redis lost its data (restarted
   * without persistence, flushed): the reactor then re-plans every reminder from the log.
   */
  abstract hasMarker(name: string): Promise<boolean>;
  abstract setMarker(name: string): Promise<void>;
  /** Whether Redis answers right now (for /health and for the reactor's backoff). */
  abstract isAvailable(): boolean;
  abstract close(): Promise<void>;
}
