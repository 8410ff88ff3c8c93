/** A SqliteWriter over a port whose other end serveSqliteWrites answers. */
import type { FromSqliteWriter, SqliteWriter, ToSqliteWriter } from './writer-protocol';

/** A port to a writer (a MessageChannel's end, a worker's parentPort seen from outside). */
export interface SqliteWriterClientPort {
  postMessage(message: ToSqliteWriter): void;
  on(event: 'message', listener: (message: FromSqliteWriter) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  close(): void;
}

/**
 * The sending side of a port whose other end is served by serveSqliteWrites (in-process with a
 * MessageChannel, or a thread's port). The writer is lost if the port closes before `close`.
 */
export function sqliteWriterThroughPort(port: SqliteWriterClientPort): SqliteWriter {
  const listeners: Array<(message: FromSqliteWriter) => void> = [];
  const lostListeners: Array<() => void> = [];
  let closing: Promise<void> | null = null;
  let closedByWriter: (() => void) | null = null;
  let portClosed = false;
  port.on('message', (message) => {
    if (message.type === 'closed') closedByWriter?.();
    for (const listener of listeners) listener(message);
  });
  port.on('close', () => {
    portClosed = true;
    closedByWriter?.();
    if (!closing) for (const listener of lostListeners) listener();
  });
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => listeners.push(listener),
    onLost: (listener) => lostListeners.push(listener),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        if (portClosed) return resolve();
        closedByWriter = resolve;
        port.postMessage({ type: 'close' });
      }).then(() => port.close())),
  };
}
