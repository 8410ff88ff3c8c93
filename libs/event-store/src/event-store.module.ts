import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventStore } from './event-store.port';
import { SqliteEventStore, type SqliteSynchronous } from './sqlite-event-store';
import type { SqliteWriter } from './sqlite-writer';
import { EsdbEventStore } from './esdb/esdb-event-store';

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

/** The adapter the options ask for: EventStoreDB with a connection string, else SQLite in dataDir. */
export function createEventStore(options: EventStoreModuleOptions): EventStore {
  if (options.eventStoreConnectionString) {
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

/** Closes the store last, after every module's onModuleDestroy (projections stop first). */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EventStore) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Binds the EventStore port (the abstract class is the injection token) for the whole app. */
@Module({})
export class EventStoreModule {
  static forRoot(options: EventStoreModuleOptions): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: EventStore, useFactory: () => createEventStore(options) },
        EventStoreCloser,
      ],
      exports: [EventStore],
    };
  }
}
