/**
 * The log file's layout (events, streams, the position counter) and its pragmas: the stored format
 * that old logs must keep reading. Why each table and pragma: libs/event-store/README.md.
 */
import type Database from 'better-sqlite3';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export const SCHEMA_VERSION = 1;

/** streams.state */
export const LIVE = 0;
export const SOFT_DELETED = 1;
export const TOMBSTONED = 2;

/** A streams row (read with safe integers). */
export interface StreamRow {
  last_revision: bigint;
  truncate_before: bigint;
  state: bigint;
}

/** WAL (a durable append never waits for readers) and the durability asked for. */
export function setPragmas(
  db: Database.Database,
  file: string,
  synchronous: SqliteSynchronous,
): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
  if (mode !== 'wal' && file !== ':memory:') {
    throw new Error(`SqliteEventStore: the file system refused WAL mode (got ${mode})`);
  }
  db.pragma(`synchronous = ${synchronous}`);
}

/** Lays out a new file, accepts one of this version, refuses a newer one. */
export function migrate(db: Database.Database): void {
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() > SCHEMA_VERSION) {
    throw new Error(
      `SqliteEventStore: the file has schema ${version()}, newer than this code (${SCHEMA_VERSION})`,
    );
  }
  if (version() === SCHEMA_VERSION) return;
  db.transaction(() => {
    // Another connection (a writer thread, another process) may have laid it out meanwhile.
    if (version() === SCHEMA_VERSION) return;
    db.exec(`
          CREATE TABLE events (
            position INTEGER PRIMARY KEY,
            stream   TEXT    NOT NULL,
            revision INTEGER NOT NULL,
            id       TEXT    NOT NULL,
            type     TEXT    NOT NULL,
            data     TEXT    NOT NULL,
            metadata TEXT    NOT NULL
          );
          CREATE UNIQUE INDEX events_by_stream ON events (stream, revision);
          CREATE INDEX events_by_id ON events (id);
          CREATE TABLE streams (
            stream          TEXT PRIMARY KEY,
            last_revision   INTEGER NOT NULL,
            truncate_before INTEGER NOT NULL,
            state           INTEGER NOT NULL
          ) WITHOUT ROWID;
          CREATE TABLE log (
            singleton     INTEGER PRIMARY KEY CHECK (singleton = 0),
            next_position INTEGER NOT NULL
          );
          INSERT INTO log (singleton, next_position) VALUES (0, 0);
          PRAGMA user_version = ${SCHEMA_VERSION};
        `);
  }).immediate();
}
