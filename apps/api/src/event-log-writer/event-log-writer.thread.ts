import { parentPort } from 'node:worker_threads';
import {
  serveSqliteWrites,
  SqliteEventStore,
  type SqliteSynchronous,
  type SqliteWriterPort,
} from '@app/event-store';

export interface EventLogWriterData {
  file: string;
  synchronous: SqliteSynchronous;
}

/**
 * The api's event log writer thread: commits (and fsyncs) what the request thread's store sends,
 * so the wait for the disk never stalls a request. Ends when the store that uses it closes.
 */
export async function runEventLogWriterThread(data: EventLogWriterData): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('runEventLogWriterThread runs in a worker thread');
  const store = new SqliteEventStore({ file: data.file, synchronous: data.synchronous });
  serveSqliteWrites(store, port as unknown as SqliteWriterPort);
}
