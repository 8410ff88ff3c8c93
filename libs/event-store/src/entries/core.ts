/**
 * `@app/event-store/core`: the log's port, the SQLite store and createEventStore, without the
 * NestJS module and without the EventStoreDB client loaded up front (createEventStore loads it when
 * the options ask for EventStoreDB). For a thread that must start light, such as a rebuild part;
 * everything else imports `@app/event-store`.
 */
export * from '../event-store.port';
export * from '../event-store.errors';
export {
  SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteSynchronous,
} from '../sqlite/sqlite-event-store';
export {
  createEventStore,
  type EventLogConfig,
  type EventStoreModuleOptions,
} from '../create-event-store';
