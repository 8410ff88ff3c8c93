import { Logger } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import type {
  FromSqliteWriter,
  SqliteSynchronous,
  SqliteWriter,
  ToSqliteWriter,
} from '@app/event-store';
import { spawnApiThread } from '../threads/spawn-api-thread';
import type { EventLogWriterData } from './event-log-writer.thread';

/** How long the writer may take to commit what it holds and stop. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The request thread's side of the event log writer thread (runEventLogWriterThread): the
 * SqliteEventStore of the api sends its writes there. A thread that dies is replaced at once; the
 * writes it had not answered fail (the store says so to their callers), later ones go to the new
 * thread. Closing it (when the store closes) lets it commit what it holds, then ends it.
 */
export function eventLogWriterThread(file: string, synchronous: SqliteSynchronous): SqliteWriter {
  const logger = new Logger('EventLogWriter');
  const listeners: Array<(message: FromSqliteWriter) => void> = [];
  const lostListeners: Array<() => void> = [];
  let closing = false;

  const start = (): Worker => {
    const worker = spawnApiThread<EventLogWriterData>('event-log-writer', { file, synchronous });
    worker.on('message', (message: FromSqliteWriter) => {
      for (const listener of listeners) listener(message);
    });
    worker.on('error', (error) => logger.error(`the event log writer failed: ${error.message}`));
    worker.once('exit', (code) => {
      if (closing) return;
      logger.error(`the event log writer thread exited (code ${code}): starting another one`);
      current = start();
      for (const listener of lostListeners) listener();
    });
    return worker;
  };
  let current = start();

  return {
    post: (message: ToSqliteWriter) => current.postMessage(message),
    onMessage: (listener) => listeners.push(listener),
    onLost: (listener) => lostListeners.push(listener),
    close: async () => {
      closing = true;
      const worker = current;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'close' } satisfies ToSqliteWriter);
      const timer = setTimeout(() => {
        logger.warn('the event log writer did not stop in time: terminating it');
        void worker.terminate();
      }, STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
