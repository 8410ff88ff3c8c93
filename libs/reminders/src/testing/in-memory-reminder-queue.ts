import type { PlannedReminder } from '../planner/reminder.planner';
import {
  ReminderQueue,
  ReminderQueueUnavailableError,
  type DeadLetter,
  type EnqueueResult,
  type QueuedReminder,
  type QueuedReminderState,
} from '../queue/reminder-queue.port';

/** Test-only ReminderQueue: a map, with a switch to play "Redis is down". */
export class InMemoryReminderQueue extends ReminderQueue {
  readonly jobs = new Map<string, QueuedReminder>();
  readonly deadLetters = new Map<string, DeadLetter>();
  available = true;
  operations = 0;

  private check(): void {
    this.operations++;
    if (!this.available) throw new ReminderQueueUnavailableError();
  }

  async enqueue(planned: PlannedReminder): Promise<EnqueueResult> {
    this.check();
    const existing = this.jobs.get(planned.jobId);
    if (existing && Date.parse(existing.data.dueAt) === Date.parse(planned.dueAt))
      return 'unchanged';
    this.jobs.set(planned.jobId, {
      jobId: planned.jobId,
      data: {
        appointmentId: planned.appointmentId,
        seriesId: planned.seriesId,
        kind: planned.kind,
        dueAt: planned.dueAt,
      },
      state: 'delayed',
      attemptsMade: 0,
      runAt: Date.parse(planned.dueAt),
      failedReason: null,
    });
    return existing ? 'moved' : 'added';
  }

  async enqueueMany(planned: PlannedReminder[]): Promise<EnqueueResult[]> {
    const results: EnqueueResult[] = [];
    for (const p of planned) results.push(await this.enqueue(p));
    return results;
  }

  async removeMany(jobIds: string[]): Promise<boolean[]> {
    const results: boolean[] = [];
    for (const id of jobIds) results.push(await this.remove(id));
    return results;
  }

  async remove(jobId: string): Promise<boolean> {
    this.check();
    const job = this.jobs.get(jobId);
    if (!job || job.state === 'completed' || job.state === 'failed') return false;
    return this.jobs.delete(jobId);
  }

  async get(jobId: string): Promise<QueuedReminder | null> {
    this.check();
    return this.jobs.get(jobId) ?? null;
  }

  async list(options: { states?: QueuedReminderState[] } = {}): Promise<QueuedReminder[]> {
    this.check();
    return [...this.jobs.values()].filter(
      (j) => !options.states || options.states.includes(j.state),
    );
  }

  async deadLetter(entry: DeadLetter): Promise<void> {
    this.check();
    this.deadLetters.set(entry.jobId, entry);
  }

  async listDeadLetters(): Promise<DeadLetter[]> {
    this.check();
    return [...this.deadLetters.values()];
  }

  async retryDeadLetter(jobId: string): Promise<boolean> {
    this.check();
    const entry = this.deadLetters.get(jobId);
    if (!entry) return false;
    this.deadLetters.delete(jobId);
    this.jobs.set(jobId, {
      jobId,
      data: entry.data,
      state: 'waiting',
      attemptsMade: 0,
      runAt: 0,
      failedReason: null,
    });
    return true;
  }

  readonly markers = new Set<string>();

  async hasMarker(name: string): Promise<boolean> {
    this.check();
    return this.markers.has(name);
  }

  async setMarker(name: string): Promise<void> {
    this.check();
    this.markers.add(name);
  }

  /** Plays "Redis restarted without persistence": every job and marker is gone. */
  loseEverything(): void {
    this.jobs.clear();
    this.deadLetters.clear();
    this.markers.clear();
  }

  isAvailable(): boolean {
    return this.available;
  }

  async close(): Promise<void> {}
}
