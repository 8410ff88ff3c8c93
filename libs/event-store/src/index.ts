export * from './event-store.port';
export * from './event-store.errors';
export { MAX_EVENT_BYTES, MAX_NAME_LENGTH } from './event-store.validation';
export { eventIdFor, EVENT_ID_NAMESPACE } from './event-id';
export { uuidV5 } from './name-based-uuid';
export {
  SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteSynchronous,
} from './sqlite-event-store';
export {
  serveSqliteWrites,
  sqliteWriterThroughPort,
  type FromSqliteWriter,
  type SqliteWriter,
  type SqliteWriterClientPort,
  type SqliteWriterPort,
  type ToSqliteWriter,
} from './sqlite-writer';
export {
  handleCommand,
  loadStream,
  type HandleCommandOptions,
  type HandleCommandResult,
  type StreamSnapshot,
} from './handle-command';
export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb/esdb-event-store';
export {
  createEventStore,
  eventStoreOptionsFromConfig,
  type EventLogConfig,
  type EventStoreModuleOptions,
} from './create-event-store';
export { EventStoreCloser, EventStoreModule } from './event-store.module';
