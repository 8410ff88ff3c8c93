export * from './event-store.port';
export * from './event-store.errors';
export { MAX_EVENT_BYTES, MAX_NAME_LENGTH } from './event-store.validation';
export { eventIdFor, EVENT_ID_NAMESPACE } from './event-id';
export { uuidV5 } from './name-based-uuid';
export {
  SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteSynchronous,
} from './sqlite/sqlite-event-store';
export type { FromSqliteWriter, SqliteWriter, ToSqliteWriter } from './sqlite/writer-protocol';
export { serveSqliteWrites, type SqliteWriterPort } from './sqlite/serve-writes';
export { sqliteWriterThroughPort, type SqliteWriterClientPort } from './sqlite/writer-through-port';
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
