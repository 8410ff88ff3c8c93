/**
 * Erasing for good the events of deleted streams (patient-data erasure), as an EventStoreDB
 * scavenge does; positions are never reused.
 */
import type Database from 'better-sqlite3';
import type { Statements } from './statements';

/** Overwrites the deleted content (secure_delete) and truncates the WAL; the events removed. */
export function eraseDeletedEvents(db: Database.Database, statements: Statements): number {
  db.pragma('secure_delete = ON');
  try {
    const removed = db.transaction(() => statements.scavenge.run().changes).immediate();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return removed;
  } finally {
    db.pragma('secure_delete = OFF');
  }
}
