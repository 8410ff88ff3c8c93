import { parentPort } from 'node:worker_threads';
import type { RebuildPartPort, RebuildPartTask } from '@app/read-models/rebuild-part';
import type { BackgroundThreadData } from '../background/background-thread.messages';
import type { EventLogWriterData } from '../event-log-writer/event-log-writer.thread';
import type { ApiThreadData } from './spawn-api-thread';

/** Runs a role, loading its code only (a thread starts sooner the less it evaluates). */
async function run(thread: ApiThreadData): Promise<void> {
  switch (thread.role) {
    case 'background': {
      const { runBackgroundThread } = await import('../background/background-thread');
      return runBackgroundThread(thread.data as BackgroundThreadData);
    }
    case 'event-log-writer': {
      const { runEventLogWriterThread } =
        await import('../event-log-writer/event-log-writer.thread');
      return runEventLogWriterThread(thread.data as EventLogWriterData);
    }
    case 'rebuild-part': {
      // The part's own entry: not the query handlers, NestJS' CQRS, BullMQ or the metrics.
      const { runRebuildPart } = await import('@app/read-models/rebuild-part');
      return runRebuildPart(
        thread.data as RebuildPartTask,
        parentPort as unknown as RebuildPartPort,
      );
    }
    default: {
      const unknown: never = thread.role;
      throw new Error(`unknown thread role ${String(unknown)}`);
    }
  }
}

/** In a thread spawnApiThread started: runs what its role says. */
export function runApiThread(thread: ApiThreadData): void {
  run(thread).catch(async (error: unknown) => {
    // NestJS' logger is loaded for this only: a rebuild part never needs it otherwise.
    const { ConsoleLogger } = await import('@nestjs/common');
    new ConsoleLogger(thread.role).error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
