import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { createEventStore, type EventStoreModuleOptions } from '@app/event-store/core';
import { ReadModelDatabase, tableNamesOf } from '../database/read-model-database';
import type { ClinicConfig } from '../clinic-config';
import { GenerationBuild, REBUILD_AUTOCHECKPOINT_PAGES } from './generation-build';
import { RebuildFailedError, messageOf } from './projection.errors';
import { PROJECTIONS } from './projections';

/**
 * A rebuild in parts: each part builds some of the projections of the new generation in a thread
 * of its own, reading the whole log itself (the log is read in parallel, not handed from thread to
 * thread), writing its own tables and checkpoints in its own transactions. The rebuilder
 * coordinates: it waits until every part has caught up with the log, pauses its runner, tells the
 * parts to finish at the log's head, and swaps the generation in once they all have.
 */

/** Everything a part needs to work on its own (it is structured-cloned into its thread). */
export interface RebuildPartTask {
  /** How to open the event log (the app's own settings). */
  eventStore: EventStoreModuleOptions;
  readModelsFile: string;
  generation: number;
  /** Names of the projections this part builds. */
  projections: string[];
  clinic: ClinicConfig;
  pageSize: number;
  commitEvery: number;
  cacheRows: number;
}

export type ToRebuildPart = { type: 'finish'; upTo: bigint } | { type: 'cancel' };

export type FromRebuildPart =
  | { type: 'progress'; events: number; position: bigint }
  | { type: 'caught-up'; events: number; position: bigint }
  | { type: 'finished'; events: number; position: bigint }
  | { type: 'cancelled' }
  | { type: 'failed'; message: string; projection: string | null; eventPosition: bigint | null };

/** A running part, as the rebuilder sees it (a Worker fits). */
export interface RebuildPartHandle {
  postMessage(message: ToRebuildPart): void;
  on(event: 'message', listener: (message: FromRebuildPart) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number> | void;
}

/** How a rebuild is split, and how a part is started (the app's threads). */
export interface RebuildParts {
  /** Projection names per part; every projection in exactly one. */
  groups: string[][];
  /** Starts a part running runRebuildPart(task, its port). */
  start(task: RebuildPartTask): RebuildPartHandle;
  /** How the parts open the event log: the app's own settings. */
  eventStore: EventStoreModuleOptions;
  /** The read-model file the rebuilder works on. */
  readModelsFile: string;
}

/** The port a part talks on (a thread's parentPort). */
export interface RebuildPartPort {
  postMessage(message: FromRebuildPart): void;
  on(event: 'message', listener: (message: ToRebuildPart) => void): unknown;
  close(): void;
}

/** How often a part says how far it got. */
const PROGRESS_EVERY_MS = 1000;
/** A part waits this long for another part's (or the runner's) commit before giving up. */
const PART_BUSY_TIMEOUT_MS = 120_000;

/**
 * One part of a rebuild (run it in its own thread): catches up with the log, says so, then waits
 * to be told where to finish; commits its tables and checkpoints there and says it is done.
 */
export async function runRebuildPart(task: RebuildPartTask, port: RebuildPartPort): Promise<void> {
  let order: ToRebuildPart | null = null;
  let wake: (() => void) | null = null;
  port.on('message', (message) => {
    order = message;
    wake?.();
  });
  const store = await createEventStore(task.eventStore);
  const db = ReadModelDatabase.open(task.readModelsFile, { busyTimeoutMs: PART_BUSY_TIMEOUT_MS });
  // Fewer, larger WAL checkpoints while the new tables fill (each one waits for the disk).
  db.sqlite.pragma(`wal_autocheckpoint = ${REBUILD_AUTOCHECKPOINT_PAGES}`);
  const definitions = PROJECTIONS.filter((d) => task.projections.includes(d.name));
  const build = new GenerationBuild(
    { id: task.generation, fingerprint: '', t: tableNamesOf(task.generation) },
    definitions,
    db,
    task.clinic,
    task.cacheRows,
  );
  const cancelled = () => (order as ToRebuildPart | null)?.type === 'cancel';
  try {
    let lastProgress = performance.now();
    await build.catchUp(store, {
      pageSize: task.pageSize,
      commitEvery: task.commitEvery,
      afterPage: () => {
        if (cancelled()) throw new RebuildFailedError(null, null, 'cancelled');
        if (performance.now() - lastProgress > PROGRESS_EVERY_MS) {
          lastProgress = performance.now();
          port.postMessage({ type: 'progress', events: build.events, position: build.position });
        }
      },
    });
    port.postMessage({ type: 'caught-up', events: build.events, position: build.position });
    while (order === null) await new Promise<void>((resolve) => (wake = resolve));
    const finish = order as ToRebuildPart;
    if (finish.type === 'cancel') throw new RebuildFailedError(null, null, 'cancelled');
    // The last events, up to where every part stops; the checkpoints are that position.
    await build.finishAt(store, finish.upTo, task.pageSize);
    build.commit();
    port.postMessage({ type: 'finished', events: build.events, position: build.position });
  } catch (error) {
    build.discard();
    if (cancelled()) {
      port.postMessage({ type: 'cancelled' });
    } else {
      port.postMessage({
        type: 'failed',
        message: error instanceof RebuildFailedError ? error.reason : messageOf(error),
        projection: error instanceof RebuildFailedError ? error.projection : null,
        eventPosition: error instanceof RebuildFailedError ? error.position : null,
      });
    }
  } finally {
    db.close();
    await store.close();
    port.close();
  }
}

/**
 * Parts run in this thread, one after the other where they wait (no parallelism): the protocol of
 * a rebuild in parts without threads, for tests and for a process that cannot start threads.
 */
export function rebuildPartsInProcess(
  groups: string[][],
  files: Pick<RebuildParts, 'eventStore' | 'readModelsFile'>,
): RebuildParts {
  return {
    ...files,
    groups,
    start(task) {
      const { port1, port2 } = new MessageChannel();
      void runRebuildPart(task, port2 as MessagePort as unknown as RebuildPartPort);
      const handle = {
        postMessage: (message: ToRebuildPart) => port1.postMessage(message),
        // The part closes its port when it is done: that is its exit (after its last message).
        on: (event: string, listener: (value: unknown) => void) => {
          if (event === 'message') port1.on('message', listener);
          else if (event === 'exit') port1.on('close', () => listener(0));
          return handle;
        },
        terminate: () => port1.close(),
      };
      return handle as RebuildPartHandle;
    },
  };
}
