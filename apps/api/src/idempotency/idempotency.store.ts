import Database from 'better-sqlite3';

export interface RecordedResponse {
  status: number;
  body: unknown;
}

export type IdempotencyLookup =
  | { kind: 'new' }
  | { kind: 'replay'; response: RecordedResponse }
  | { kind: 'key-reused-with-another-body' };

/** How long a key is remembered. Event ids stay deterministic beyond it; only the cached answer goes. */
const RETENTION_DAYS = 7;

/**
 * Idempotency-Key → the request's hash and the first answer (API.md). A SQLite file beside the read
 * models. The event ids of a command are derived from its key, so even a lost answer can never
 * cause a second write: this table only makes the *answer* the same and spots a reused key.
 */
export class IdempotencyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<
    [string],
    { request_hash: string; response_status: number | null; response_body: string | null }
  >;
  private readonly insert: Database.Statement<[string, string, string]>;
  private readonly complete: Database.Statement<[number, string, string]>;
  private readonly remove: Database.Statement<[string]>;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS idempotency_keys (
      scope TEXT PRIMARY KEY,
      request_hash TEXT NOT NULL,
      response_status INTEGER,
      response_body TEXT,
      created_at TEXT NOT NULL
    )`);
    this.db
      .prepare(`DELETE FROM idempotency_keys WHERE created_at < ?`)
      .run(new Date(Date.now() - RETENTION_DAYS * 86_400_000).toISOString());
    this.select = this.db.prepare(
      `SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE scope = ?`,
    );
    this.insert = this.db.prepare(
      `INSERT OR IGNORE INTO idempotency_keys (scope, request_hash, created_at) VALUES (?, ?, ?)`,
    );
    this.complete = this.db.prepare(
      `UPDATE idempotency_keys SET response_status = ?, response_body = ? WHERE scope = ?`,
    );
    this.remove = this.db.prepare(
      `DELETE FROM idempotency_keys WHERE scope = ? AND response_status IS NULL`,
    );
  }

  begin(scope: string, requestHash: string): IdempotencyLookup {
    const row = this.select.get(scope);
    if (!row) {
      this.insert.run(scope, requestHash, new Date().toISOString());
      return { kind: 'new' };
    }
    if (row.request_hash !== requestHash) return { kind: 'key-reused-with-another-body' };
    if (row.response_status === null) return { kind: 'new' };
    return {
      kind: 'replay',
      response: {
        status: row.response_status,
        body: row.response_body === null ? undefined : JSON.parse(row.response_body),
      },
    };
  }

  record(scope: string, response: RecordedResponse): void {
    this.complete.run(response.status, JSON.stringify(response.body ?? null), scope);
  }

  /** Drops a key whose request was refused (it wrote nothing). */
  forget(scope: string): void {
    this.remove.run(scope);
  }

  close(): void {
    this.db.close();
  }
}
