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

/** A key whose row is not committed yet: what the file will say once it is. */
interface Unflushed {
  requestHash: string;
  response: RecordedResponse | null;
}

type Write =
  | { kind: 'insert'; scope: string; requestHash: string; createdAt: string }
  | { kind: 'record'; scope: string; response: RecordedResponse }
  | { kind: 'forget'; scope: string };

/**
 * Idempotency-Key → the request's hash and the first answer (docs/http-api.md). A SQLite file beside the read
 * models. The event ids of a command are derived from its key, so even a lost answer can never
 * cause a second write: this table only makes the *answer* the same and spots a reused key.
 *
 * Writes made in the same turn of the event loop share one transaction (under load, many requests
 * begin and end together: one commit instead of two per request). Until its commit, a key is also
 * held in memory, so a lookup never misses it; `record` resolves once the answer is committed, and
 * the caller sends the answer only then, as before.
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
  /** Keys written since the last commit; null: forgotten (the row goes with the next commit). */
  private readonly unflushed = new Map<string, Unflushed | null>();
  private writes: Write[] = [];
  private waiting: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushHandle: NodeJS.Immediate | undefined;
  private readonly writeBatch: Database.Transaction<(writes: Write[]) => void>;

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
    this.writeBatch = this.db.transaction((writes: Write[]) => {
      for (const write of writes) {
        if (write.kind === 'insert')
          this.insert.run(write.scope, write.requestHash, write.createdAt);
        else if (write.kind === 'record') {
          const { status, body } = write.response;
          this.complete.run(status, JSON.stringify(body ?? null), write.scope);
        } else this.remove.run(write.scope);
      }
    });
  }

  begin(scope: string, requestHash: string): IdempotencyLookup {
    const known = this.unflushed.has(scope) ? this.unflushed.get(scope) : this.stored(scope);
    if (!known) {
      this.unflushed.set(scope, { requestHash, response: null });
      this.enqueue({ kind: 'insert', scope, requestHash, createdAt: new Date().toISOString() });
      return { kind: 'new' };
    }
    if (known.requestHash !== requestHash) return { kind: 'key-reused-with-another-body' };
    // No answer yet: the first request is still running (or died); running again is harmless.
    return known.response ? { kind: 'replay', response: known.response } : { kind: 'new' };
  }

  /** Resolves once the answer is committed (send it only then: a retry will find it). */
  record(scope: string, requestHash: string, response: RecordedResponse): Promise<void> {
    this.unflushed.set(scope, { requestHash, response });
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.enqueue({ kind: 'record', scope, response });
    });
  }

  /** Drops a key whose request was refused (it wrote nothing). */
  forget(scope: string): void {
    const known = this.unflushed.has(scope) ? this.unflushed.get(scope) : this.stored(scope);
    if (known?.response !== null) return; // answered (or unknown): nothing to forget
    this.unflushed.set(scope, null);
    this.enqueue({ kind: 'forget', scope });
  }

  /** Writes what is pending, then closes the file. */
  close(): void {
    if (!this.db.open) return;
    this.flush();
    this.db.close();
  }

  onApplicationShutdown(): void {
    this.close();
  }

  private stored(scope: string): Unflushed | undefined {
    const row = this.select.get(scope);
    if (!row) return undefined;
    return {
      requestHash: row.request_hash,
      response:
        row.response_status === null
          ? null
          : {
              status: row.response_status,
              body: row.response_body === null ? undefined : JSON.parse(row.response_body),
            },
    };
  }

  private enqueue(write: Write): void {
    this.writes.push(write);
    this.flushHandle ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    const writes = this.writes;
    const waiting = this.waiting;
    this.writes = [];
    this.waiting = [];
    if (writes.length === 0) return;
    try {
      this.writeBatch.immediate(writes);
    } catch (error) {
      // Nothing of the batch was written: the requests waiting on it fail (a 500), keys are retried.
      for (const write of writes) this.unflushed.delete(write.scope);
      for (const waiter of waiting) waiter.reject(error);
      return;
    }
    for (const write of writes) this.unflushed.delete(write.scope);
    for (const waiter of waiting) waiter.resolve();
  }
}
