import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from './event-store.port';
import { SqliteEventStore, type SqliteSynchronous } from './sqlite/sqlite-event-store';
import type { SqliteWriter } from './sqlite/writer-protocol';

export interface EventStoreModuleOptions {
  /** Where the embedded store keeps `events.sqlite` (created if missing). */
  dataDir: string;
  /** When given, EventStoreDB is used instead of SQLite. */
  eventStoreConnectionString?: string;
  /** FULL (default): durable. NORMAL: the last commits can be lost on power failure or OS crash. */
  sqliteSynchronous?: SqliteSynchronous;
  /**
   * SQLite only: where the store sends its writes (e.g. a thread of their own, so the commit's
   * fsync never stalls the caller's thread). Default: this connection writes.
   */
  sqliteWriter?: (file: string, synchronous: SqliteSynchronous) => SqliteWriter;
}

/** The settings of the log in a validated configuration (@app/config's EnvironmentConfig). */
export type EventLogConfig = Pick<
  EventStoreModuleOptions,
  'dataDir' | 'eventStoreConnectionString' | 'sqliteSynchronous'
>;

/** The event log's options from the configuration (only the settings that are the log's). */
export function eventStoreOptionsFromConfig(config: EventLogConfig): EventStoreModuleOptions {
  return {
    dataDir: config.dataDir,
    eventStoreConnectionString: config.eventStoreConnectionString,
    sqliteSynchronous: config.sqliteSynchronous,
  };
}

/**
 * The adapter the options ask for: EventStoreDB with a connection string, else SQLite in dataDir.
 * The EventStoreDB adapter (and its gRPC client) is loaded only when asked for: a process or thread
 * on the SQLite log, such as a rebuild part, starts without it.
 */
export async function createEventStore(options: EventStoreModuleOptions): Promise<EventStore> {
  if (options.eventStoreConnectionString) {
    const { EsdbEventStore } = await import('./esdb/esdb-event-store');
    return new EsdbEventStore({ connectionString: options.eventStoreConnectionString });
  }
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, 'events.sqlite');
  const synchronous = options.sqliteSynchronous ?? 'FULL';
  return new SqliteEventStore({
    file,
    synchronous,
    writer: options.sqliteWriter?.(file, synchronous),
  });
}
