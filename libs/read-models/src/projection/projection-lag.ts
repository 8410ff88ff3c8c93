import type { AppliedBatch, ProjectionProgress } from './projection-progress';

export interface LagStatistics {
  /** Commits observed. */
  batches: number;
  /** Events applied. */
  events: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LagSummary extends LagStatistics {
  byProjection: Record<string, LagStatistics>;
}

export interface LagRecorder {
  /** Stops recording and summarises what was seen. */
  stop(): LagSummary;
}

/**
 * The hook for measuring projection lag under load (BENCHMARKS.md: lag p99 while the API booking
 * benchmark runs). For every event applied by every projection while recording, the lag is the
 * time from the store recording it to the projection committing it; a batch counts once per event,
 * with the lag of its oldest event (an upper bound for the others). Start it before the load,
 * stop it after; clocks are this machine's (recordedAt is set by the store).
 *
 *   const lag = recordProjectionLag(app.get(ProjectionProgress));
 *   await runBookingBenchmark();
 *   const { p99Ms } = lag.stop();
 */
export function recordProjectionLag(progress: ProjectionProgress): LagRecorder {
  const samples = new Map<string, number[]>();
  const batches = new Map<string, number>();
  const unsubscribe = progress.onApplied((batch: AppliedBatch) => {
    const lag = Math.max(0, batch.appliedAtMs - batch.firstRecordedAtMs);
    const list = samples.get(batch.projection) ?? [];
    for (let i = 0; i < batch.events; i++) list.push(lag);
    samples.set(batch.projection, list);
    batches.set(batch.projection, (batches.get(batch.projection) ?? 0) + 1);
  });
  return {
    stop(): LagSummary {
      unsubscribe();
      const byProjection: Record<string, LagStatistics> = {};
      for (const [name, values] of samples) {
        byProjection[name] = statistics(values, batches.get(name) ?? 0);
      }
      const all = [...samples.values()].flat();
      const total = [...batches.values()].reduce((a, b) => a + b, 0);
      return { ...statistics(all, total), byProjection };
    },
  };
}

function statistics(values: number[], batches: number): LagStatistics {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted.length === 0
      ? 0
      : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return {
    batches,
    events: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: sorted.length === 0 ? 0 : sorted[sorted.length - 1]!,
  };
}
