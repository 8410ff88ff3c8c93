/**
 * Wakes the waiting subscriptions after a commit: this store's at once, and those of stores of the
 * same file in other threads of this process through a BroadcastChannel named after the file.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';

export class CommitSignals {
  private readonly listeners = new Set<() => void>();
  /** Commits of this file by stores in other threads of this process (null for ':memory:'). */
  private readonly channel: BroadcastChannel | null;

  /** `threadSignals` false: neither tell nor hear other threads (as a store in another process). */
  constructor(file: string, threadSignals: boolean) {
    this.channel = file === ':memory:' || !threadSignals ? null : commitChannelFor(file);
    if (this.channel) {
      // Another thread committed to this file: wake this store's subscriptions (never re-posted).
      this.channel.onmessage = () => this.wake();
      this.channel.unref();
    }
  }

  /** Calls the listener once, after the next commit seen in this process; returns a canceller. */
  waitForCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This store committed: tell the other threads, wake this store's subscriptions. */
  committed(): void {
    this.channel?.postMessage(null);
    this.wake();
  }

  /** Wakes this store's subscriptions only. */
  wake(): void {
    if (this.listeners.size === 0) return;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }

  close(): void {
    this.channel?.close();
  }
}

/**
 * The channel on which every store of one database file, in any thread of this process, says it
 * committed. Named after the file's real path, so two names of one file share it.
 */
function commitChannelFor(file: string): BroadcastChannel {
  let path: string;
  try {
    path = join(realpathSync(dirname(file)), basename(file));
  } catch {
    path = file;
  }
  return new BroadcastChannel(`lsb-sqlite-event-store-commits:${path}`);
}
