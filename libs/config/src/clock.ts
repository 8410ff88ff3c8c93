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

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  set(instant: Date | null): void {
    this.offsetMs = instant === null ? 0 : instant.getTime() - Date.now();
  }

  isAdjusted(): boolean {
    return this.offsetMs !== 0;
  }
}
