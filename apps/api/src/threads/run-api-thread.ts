import { parentPort } from 'node:worker_threads';
import { ConsoleLogger } from '@nestjs/common';
import { runRebuildPart, type RebuildPartPort, type RebuildPartTask } from '@app/read-models';
import { runBackgroundThread } from '../background/background-thread';
import type { BackgroundThreadData } from '../background/background-thread.messages';
import {
  type EventLogWriterData,
  runEventLogWriterThread,
} from '../event-log-writer/event-log-writer.thread';
import type { ApiThreadData } from './spawn-api-thread';

function run(thread: ApiThreadData): Promise<void> {
  switch (thread.role) {
    case 'background':
      return runBackgroundThread(thread.data as BackgroundThreadData);
    case 'event-log-writer':
      return runEventLogWriterThread(thread.data as EventLogWriterData);
    case 'rebuild-part':
      return runRebuildPart(
        thread.data as RebuildPartTask,
        parentPort as unknown as RebuildPartPort,
      );
    default: {
      const unknown: never = thread.role;
      return Promise.reject(new Error(`unknown thread role ${String(unknown)}`));
    }
  }
}

/** In a thread spawnApiThread started: runs what its role says. */
export function runApiThread(thread: ApiThreadData): void {
  const started = run(thread);
  started.catch((error: unknown) => {
    new ConsoleLogger(thread.role).error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
