/**
 * A catch-up subscription to $all: pages of events after the checkpoint, then it waits for a
 * commit (CommitSignals) or the slow poll that sees other processes' commits, and reads again.
 */
import type { AllSubscription, StoredEvent } from '../event-store.port';

export interface SubscriptionSource {
  readAfter(position: bigint): StoredEvent[];
  /** Calls the listener once, after the next commit in this process; returns a canceller. */
  waitForCommit(listener: () => void): () => void;
  pollIntervalMs: number;
  onStopped(subscription: SqliteAllSubscription): void;
}

/** Pages until there are none after the checkpoint, then waits and reads again. Single consumer. */
export class SqliteAllSubscription implements AllSubscription, AsyncIterator<StoredEvent> {
  private buffer: StoredEvent[] = [];
  private index = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private checkpoint: bigint,
    private readonly source: SubscriptionSource,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<StoredEvent>> {
    for (;;) {
      if (this.stopped) return { done: true, value: undefined };
      if (this.index < this.buffer.length) {
        const event = this.buffer[this.index++]!;
        this.checkpoint = event.position;
        return { done: false, value: event };
      }
      this.buffer = this.source.readAfter(this.checkpoint);
      this.index = 0;
      if (this.buffer.length === 0) await this.waitForNews();
    }
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    await this.stop();
    return { done: true, value: undefined };
  }

  /** Ends the iteration: a pending next() resolves as done at once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.buffer = [];
    this.wake?.();
    this.source.onStopped(this);
  }

  private waitForNews(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        cancel();
        this.wake = undefined;
        resolve();
      };
      // Registered in the same tick as the empty read: no in-process commit can slip between.
      const cancel = this.source.waitForCommit(done);
      const timer = setTimeout(done, this.source.pollIntervalMs);
      this.wake = done;
    });
  }
}
