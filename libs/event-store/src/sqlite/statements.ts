/**
 * Every statement the store runs, prepared once per connection and reused by all reads and writes.
 */
import type Database from 'better-sqlite3';
import { EVENT_COLUMNS, type EventRow } from './event-row';
import type { StreamRow } from './schema';

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: Database.Database) {
  const prepare = <Result>(sql: string) => db.prepare<unknown[], Result>(sql).safeIntegers(true);
  const prepareRows = (sql: string) =>
    db.prepare<unknown[], EventRow>(sql).safeIntegers(true).raw(true);
  return {
    stream: prepare<StreamRow>(
      'SELECT last_revision, truncate_before, state FROM streams WHERE stream = ?',
    ),
    saveStream: prepare(
      `INSERT INTO streams (stream, last_revision, truncate_before, state) VALUES (?, ?, ?, ?)
         ON CONFLICT (stream) DO UPDATE SET last_revision = excluded.last_revision,
           truncate_before = excluded.truncate_before, state = excluded.state`,
    ),
    nextPosition: prepare<{ next_position: bigint }>(
      'SELECT next_position FROM log WHERE singleton = 0',
    ),
    saveNextPosition: prepare('UPDATE log SET next_position = ? WHERE singleton = 0'),
    insertEvent: prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    idsFrom: prepare<{ id: string; revision: bigint; position: bigint }>(
      'SELECT id, revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
    ),
    revisionOfId: prepare<{ revision: bigint }>(
      'SELECT revision FROM events WHERE id = ? AND stream = ? ORDER BY revision LIMIT 1',
    ),
    streamForwards: prepareRows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    streamBackwards: prepareRows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? AND revision >= ?
         ORDER BY revision DESC LIMIT ?`,
    ),
    allForwards: prepareRows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position >= ? ORDER BY position LIMIT ?`,
    ),
    allOfTypes: prepareRows(
      `SELECT ${EVENT_COLUMNS} FROM events
         WHERE position >= ? AND type IN (SELECT value FROM json_each(?))
         ORDER BY position LIMIT ?`,
    ),
    allBackwards: prepareRows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`,
    ),
    after: prepareRows(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    head: prepare<{ head: bigint | null }>('SELECT max(position) AS head FROM events'),
    scavenge: prepare(
      `DELETE FROM events WHERE position IN (
           SELECT e.position FROM events e JOIN streams s ON s.stream = e.stream
           WHERE e.revision < s.truncate_before)`,
    ),
  };
}
