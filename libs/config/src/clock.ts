/**
 * Where "now" comes from outside libs/domain. Development mode can set it (POST /dev/clock) so a
 * demo or an acceptance run can walk a series over weeks; production always reads the system clock.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** The system clock shifted by an offset; `set(null)` returns to real time. Time keeps running. */
export class AdjustableClock extends Clock {
  private offsetMs = 0;
  private readonly listeners = new Set<(offsetMs: number) => void>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date | null): void {
    this.setOffset(instant === null ? 0 : instant.getTime() - Date.now());
  }

  /** How far this clock is from real time, in milliseconds (0: real time). */
  get offset(): number {
    return this.offsetMs;
  }

  /** Shifts the clock by exactly `offsetMs` from real time (a copy of another thread's clock). */
  setOffset(offsetMs: number): void {
    this.offsetMs = offsetMs;
    for (const listener of this.listeners) listener(offsetMs);
  }

  /** Calls `listener` with the new offset whenever the clock is set; returns the unsubscriber. */
  onChange(listener: (offsetMs: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  isAdjusted(): boolean {
    return this.offsetMs !== 0;
  }
}
