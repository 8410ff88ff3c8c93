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
 * A rebuild makes millions of short-lived objects; a larger young generation (in its own threads
 * only) keeps them out of full collections. The size was measured: BENCHMARKS.md, "Projections".
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
