import { type EventStore, SqliteEventStore } from '@app/event-store';

/**
 * Where each projection is, for read-your-writes (`waitFor`), /health and the metrics. The runner
 * reports every commit here; waiters are woken by those reports (no polling).
 */

export type WaitForResult = 'caught-up' | 'timed-out' | 'projection-stopped';

export interface ProjectionError {
  /** The position of the event the projection could not apply (it stopped before it). */
  position: string;
  message: string;
}

export interface ProjectionStatus {
  name: string;
  /** running: caught up; catching-up: events wait; stopped: an error stopped it, or the runner is not running. */
  status: 'running' | 'catching-up' | 'stopped';
  /** The checkpoint: last position applied (-1 before the first event), a decimal string. */
  position: string;
  /** Events in the log after the checkpoint. */
  lagEvents: number;
  /** Age of the oldest event not applied yet (0 when caught up), in seconds. */
  lagSeconds: number;
  error?: ProjectionError;
}

/** Where one projection is: what its runner reports, and what another thread follows. */
export interface ProjectionState {
  running: boolean;
  position: bigint;
  error: { position: bigint; message: string } | null;
}

interface Tracked extends ProjectionState {
  name: string;
}

/** One commit of one projection, for lag measurements (see recordProjectionLag). */
export interface AppliedBatch {
  projection: string;
  position: bigint;
  /** Events in the batch. */
  events: number;
  /** When the store recorded the batch's first and last event, and when the commit happened (epoch ms). */
  firstRecordedAtMs: number;
  lastRecordedAtMs: number;
  appliedAtMs: number;
}

interface Waiter {
  position: bigint;
  resolve: (result: WaitForResult) => void;
  timer: NodeJS.Timeout;
}

/** Lag in events is counted by reading the log when positions are not consecutive (EventStoreDB), up to this many. */
const MAX_COUNTED_LAG = 10_000;

export class ProjectionProgress {
  private readonly tracked = new Map<string, Tracked>();
  private waiters: Waiter[] = [];
  private readonly listeners = new Set<(batch: AppliedBatch) => void>();
  private readonly changeListeners = new Set<(name: string, state: ProjectionState) => void>();

  constructor(private readonly store: EventStore) {}

  /** Declares the projections (the runner does, before starting them). */
  register(names: readonly string[]): void {
    for (const name of names) {
      if (!this.tracked.has(name)) {
        this.tracked.set(name, { name, running: false, position: -1n, error: null });
      }
    }
  }

  names(): string[] {
    return [...this.tracked.keys()];
  }

  /** The runner started (or restarted) a projection at its checkpoint. */
  started(name: string, position: bigint): void {
    this.update(name, { running: true, position, error: null });
  }

  /** A commit: the projection applied every event up to `position`. */
  advanced(
    name: string,
    position: bigint,
    batch?: Omit<AppliedBatch, 'projection' | 'position'>,
  ): void {
    this.update(name, { running: true, position });
    if (batch && this.listeners.size > 0) {
      for (const listener of this.listeners) listener({ projection: name, position, ...batch });
    }
  }

  /** Calls `listener` after every commit of every projection; returns the unsubscriber. */
  onApplied(listener: (batch: AppliedBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `listener` with a projection's state after every change (to relay it to another thread);
   * returns the unsubscriber.
   */
  onChange(listener: (name: string, state: ProjectionState) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * The state of a projection that runs elsewhere (the api's projections thread), as its own
   * progress reported it: waiters, /health and the metrics here follow it.
   */
  follow(name: string, state: ProjectionState): void {
    this.update(name, {
      running: state.running,
      position: state.position,
      error: state.error && { position: state.error.position, message: state.error.message },
    });
  }

  /** An event made the projection throw: it stopped before `position` (its checkpoint stays). */
  failed(name: string, position: bigint, message: string): void {
    this.update(name, { running: false, error: { position, message } });
  }

  /** The runner stopped the projection (shutdown, a swap of generations). */
  halted(name: string): void {
    this.update(name, { running: false });
  }

  position(name: string): bigint {
    return this.tracked.get(name)?.position ?? -1n;
  }

  /** A projection's state (not running at -1 when unknown). */
  state(name: string): ProjectionState {
    const tracked = this.tracked.get(name);
    return tracked
      ? { running: tracked.running, position: tracked.position, error: tracked.error }
      : { running: false, position: -1n, error: null };
  }

  /**
   * Resolves once every projection has applied the event at `position` (the API calls it after a
   * command, with the position it wrote, so a GET right after shows the change). Never rejects:
   * - 'caught-up' as soon as all have passed it (at once when they already have);
   * - 'projection-stopped' as soon as a projection that has not reached it is stopped by an error
   *   (it will not get there by waiting);
   * - 'timed-out' after `timeoutMs`.
   * The write itself succeeded in every case; the caller decides what to answer (e.g. 201 anyway,
   * the views catching up). A projection not started yet (autoStart off) is waited for.
   */
  waitFor(position: bigint, timeoutMs: number): Promise<WaitForResult> {
    const now = this.verdict(position);
    if (now !== null) return Promise.resolve(now);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(
          () => {
            this.waiters = this.waiters.filter((w) => w !== waiter);
            resolve('timed-out');
          },
          Math.max(0, timeoutMs),
        ),
      };
      waiter.timer.unref?.();
      this.waiters.push(waiter);
    });
  }

  /** Per projection, for /health and the metrics. Reads the log's head (and one event per lagging projection). */
  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const consecutive = this.store instanceof SqliteEventStore;
    const nowMs = Date.now();
    const ages = new Map<bigint, Promise<number>>();
    return Promise.all(
      [...this.tracked.values()].map(async (p) => {
        const behind = p.position < head;
        const lagEvents = !behind
          ? 0
          : consecutive
            ? Number(head - p.position)
            : await this.countAfter(p.position);
        let lagSeconds = 0;
        if (behind) {
          if (!ages.has(p.position))
            ages.set(p.position, this.oldestUnappliedAge(p.position, nowMs));
          lagSeconds = await ages.get(p.position)!;
        }
        const status: ProjectionStatus = {
          name: p.name,
          status: !p.running ? 'stopped' : behind ? 'catching-up' : 'running',
          position: p.position.toString(),
          lagEvents,
          lagSeconds,
        };
        if (p.error) {
          status.error = { position: p.error.position.toString(), message: p.error.message };
        }
        return status;
      }),
    );
  }

  /** Resolves every pending waitFor as timed out (shutdown). */
  releaseWaiters(): void {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve('timed-out');
    }
    this.waiters = [];
  }

  private update(name: string, change: Partial<Tracked>): void {
    const current = this.tracked.get(name) ?? { name, running: false, position: -1n, error: null };
    const next = { ...current, ...change };
    this.tracked.set(name, next);
    if (this.waiters.length > 0) this.wake();
    for (const listener of this.changeListeners) {
      listener(name, { running: next.running, position: next.position, error: next.error });
    }
  }

  private wake(): void {
    const still: Waiter[] = [];
    for (const waiter of this.waiters) {
      const verdict = this.verdict(waiter.position);
      if (verdict === null) {
        still.push(waiter);
      } else {
        clearTimeout(waiter.timer);
        waiter.resolve(verdict);
      }
    }
    this.waiters = still;
  }

  private verdict(position: bigint): WaitForResult | null {
    let all = true;
    for (const p of this.tracked.values()) {
      if (p.position >= position) continue;
      if (p.error) return 'projection-stopped';
      all = false;
    }
    return all ? 'caught-up' : null;
  }

  private async countAfter(position: bigint): Promise<number> {
    const events = await this.store.readAll(
      position < 0n
        ? { maxCount: MAX_COUNTED_LAG }
        : { fromPosition: position, maxCount: MAX_COUNTED_LAG + 1 },
    );
    return events.filter((e) => e.position > position).length;
  }

  private async oldestUnappliedAge(position: bigint, nowMs: number): Promise<number> {
    const events = await this.store.readAll(
      position < 0n ? { maxCount: 1 } : { fromPosition: position, maxCount: 2 },
    );
    const next = events.find((e) => e.position > position);
    if (!next) return 0;
    return Math.max(0, (nowMs - Date.parse(next.metadata.recordedAt)) / 1000);
  }
}
