import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The reactor's own small SQLite file (DATA_DIR/reminders.sqlite): its checkpoint in $all, the
 * patient → series index it needs to re-plan a patient's appointments after an opt-out, and the
 * id of the marker it keeps in Redis. Checkpoint and index rows are written in one transaction.
 */
export class ReminderCheckpointStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL: a power failure can lose the last checkpoints, never tear one (WAL). The reactor then
    // replays a few events, and replays enqueue nothing twice (deterministic job ids), so the
    // fsync per checkpoint that FULL costs on the booking path buys nothing.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS reactor_checkpoint (name TEXT PRIMARY KEY, position TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS patient_series (
        patient_id TEXT NOT NULL, series_id TEXT NOT NULL, PRIMARY KEY (patient_id, series_id));
      CREATE TABLE IF NOT EXISTS reactor_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  }

  /** -1n: nothing processed yet. */
  checkpoint(name: string): bigint {
    const row = this.db
      .prepare('SELECT position FROM reactor_checkpoint WHERE name = ?')
      .get(name) as { position: string } | undefined;
    return row ? BigInt(row.position) : -1n;
  }

  /** Saves the checkpoint and the batch's new patient → series rows together. */
  commit(name: string, position: bigint, patientSeries: Array<[string, string]> = []): void {
    this.db.transaction(() => {
      const insert = this.db.prepare(
        'INSERT OR IGNORE INTO patient_series (patient_id, series_id) VALUES (?, ?)',
      );
      for (const [patientId, seriesId] of patientSeries) insert.run(patientId, seriesId);
      this.db
        .prepare(
          'INSERT INTO reactor_checkpoint (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position',
        )
        .run(name, position.toString());
    })();
  }

  seriesOfPatient(patientId: string): string[] {
    return (
      this.db
        .prepare('SELECT series_id FROM patient_series WHERE patient_id = ?')
        .all(patientId) as Array<{
        series_id: string;
      }>
    ).map((r) => r.series_id);
  }

  /** A stable id for this reactor's marker in Redis, created on first use. */
  markerId(name: string): string {
    const key = `marker:${name}`;
    const row = this.db.prepare('SELECT value FROM reactor_meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    if (row) return row.value;
    const value = `${name}-${randomUUID()}`;
    this.db.prepare('INSERT INTO reactor_meta (key, value) VALUES (?, ?)').run(key, value);
    return value;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
