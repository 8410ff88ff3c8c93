import type { EventStoreModuleOptions } from '@app/event-store';
import type { RebuildPartHandle, RebuildParts } from '@app/read-models';
import { spawnApiThread } from './spawn-api-thread';

/**
 * The views' projections in two groups of about equal work: the series (and patient) views in one
 * thread, the appointments and availability in the other.
 */
export const REBUILD_GROUPS = [
  ['series-view', 'patient-view'],
  ['appointment-view', 'availability'],
];

/**
 * A rebuild's young generation: a rebuild allocates and drops millions of short-lived objects
 * (events, rows), and V8's default young generation (16 MiB) promotes many of them, which then
 * cost full collections. Sized for a batch job, in the rebuild's own threads only: with 128 MiB
 * the 1,000,000-event benchmark's rebuild took 2–5 % less than with 64 (alternating runs of
 * 2026-12-01); 32 was slower, 256 no better.
 */
const REBUILD_YOUNG_GENERATION_MB = 128;

/** Rebuild the views in parts, each in a thread of the api (the same code the api runs). */
export function rebuildInThreads(files: {
  eventStore: EventStoreModuleOptions;
  readModelsFile: string;
}): RebuildParts {
  return {
    ...files,
    groups: REBUILD_GROUPS,
    start: (task) =>
      spawnApiThread('rebuild-part', task, {
        resourceLimits: { maxYoungGenerationSizeMb: REBUILD_YOUNG_GENERATION_MB },
      }) as unknown as RebuildPartHandle,
  };
}
