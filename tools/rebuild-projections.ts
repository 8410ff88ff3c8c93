/**
 * `npm run projections:rebuild`: builds every read model again from the start of the event log
 * into fresh tables of `<DATA_DIR>/read-models.sqlite`, then swaps them in atomically.
 *
 * Configured like the app, from the environment: DATA_DIR (default ./data), and the event store:
 * EVENTSTORE_CONNECTION_STRING (EventStoreDB) or else `<DATA_DIR>/events.sqlite`; CLINIC_CONFIG
 * (the app's clinic file, read by the same loader) or the demo clinic.
 * Works from a clean clone: a missing read-model file is created.
 *
 * With the api running on the same DATA_DIR: the api keeps answering from its current tables and
 * its runner keeps them up to date while this builds beside them (both processes share the file;
 * SQLite serialises their writes, each waiting briefly for the other's). At the swap, the api's
 * queries read the new tables at once, and its runner notices the new generation on its next
 * commit (or within two seconds when idle) and continues from the rebuilt checkpoints. Only one
 * rebuild runs at a time per file (an admin-route rebuild in progress makes this exit with 2).
 * Exit codes: 0 done, 1 failed (the current views stay), 2 another rebuild is running,
 * 78 bad configuration.
 */
import { join } from 'node:path';
import { ConfigurationError, loadClinicConfiguration, loadEnvironmentConfig } from '@app/config';
import { createEventStore, eventStoreOptionsFromConfig } from '@app/event-store';
import { rebuildInThreads } from '../apps/api/src/threads/rebuild-in-threads';
import {
  PROJECTIONS,
  ProjectionRebuilder,
  READ_MODELS_FILE,
  ReadModelDatabase,
  RebuildInProgressError,
} from '@app/read-models';

async function main(): Promise<number> {
  let env;
  let clinic;
  try {
    env = loadEnvironmentConfig();
    clinic = loadClinicConfiguration(env.clinicConfigPath);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      console.error(error.message);
      return 78;
    }
    throw error;
  }
  const eventStore = eventStoreOptionsFromConfig(env);
  const store = await createEventStore(eventStore);
  const readModelsFile = join(env.dataDir, READ_MODELS_FILE);
  const db = ReadModelDatabase.open(readModelsFile);
  const started = Date.now();
  let lastReport = 0;
  try {
    console.log(`Rebuilding the read models in ${readModelsFile} …`);
    // In parts, each in a thread of its own (the api's threads: see apps/api/src/threads).
    const parts = rebuildInThreads({ eventStore, readModelsFile });
    const rebuilder = new ProjectionRebuilder(store, db, PROJECTIONS, clinic, null, { parts });
    const result = await rebuilder.rebuild({
      onProgress: (events, position) => {
        if (Date.now() - lastReport < 2000) return;
        lastReport = Date.now();
        console.log(
          `  ${events} events (position ${position}), ${Math.round((Date.now() - started) / 1000)} s`,
        );
      },
    });
    console.log(
      `Done: ${result.events} events up to position ${result.position} in ${result.durationMs} ms ` +
        `(${result.eventsPerSecond} events/s); generation ${result.generation} is current.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof RebuildInProgressError) {
      console.error(error.message);
      return 2;
    }
    console.error(`The rebuild failed; the current views stay. ${(error as Error).message}`);
    return 1;
  } finally {
    db.close();
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
