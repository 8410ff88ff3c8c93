import { Gauge, type Registry } from 'prom-client';
import type { ProjectionProgress, ProjectionStatus } from './projection-progress';

/**
 * Registers `projection_lag_events`, `projection_lag_seconds` and `projection_position` (label
 * `projection`) on the app's registry. Values are read at scrape time from the progress (one read
 * of the log's head per scrape, shared by the three gauges).
 */
export function registerProjectionMetrics(registry: Registry, progress: ProjectionProgress): void {
  // The three gauges of one scrape share one read (the promise in flight), never an older one.
  let inFlight: Promise<ProjectionStatus[]> | null = null;
  const statuses = (): Promise<ProjectionStatus[]> => {
    inFlight ??= progress.status().finally(() => {
      setImmediate(() => (inFlight = null));
    });
    return inFlight;
  };
  const gauge = (name: string, help: string, value: (status: ProjectionStatus) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const status of await statuses()) {
          this.set({ projection: status.name }, value(status));
        }
      },
    });
  gauge(
    'projection_lag_events',
    'Events in the log not yet applied by the projection',
    (s) => s.lagEvents,
  );
  gauge(
    'projection_lag_seconds',
    'Age in seconds of the oldest event not yet applied by the projection (0 when caught up)',
    (s) => s.lagSeconds,
  );
  gauge('projection_position', 'Last log position applied by the projection (-1: none)', (s) =>
    Number(s.position),
  );
}
