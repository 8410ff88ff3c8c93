import { ConsoleLogger } from '@nestjs/common';
import { runBackgroundThread } from '../background/background-thread';
import type { BackgroundThreadData } from '../background/background-thread.messages';
import {
  type EventLogWriterData,
  runEventLogWriterThread,
} from '../event-log-writer/event-log-writer.thread';
import type { ApiThreadData } from './spawn-api-thread';

/** In a thread spawnApiThread started: runs what its role says. */
export function runApiThread(thread: ApiThreadData): void {
  const started =
    thread.role === 'background'
      ? runBackgroundThread(thread.data as BackgroundThreadData)
      : runEventLogWriterThread(thread.data as EventLogWriterData);
  started.catch((error: unknown) => {
    new ConsoleLogger(thread.role).error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
