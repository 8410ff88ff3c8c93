import type Database from 'better-sqlite3';

/**
 * Statements a projection runs for an event without reading anything back (an insert, an update,
 * a delete), kept in order until `flush` runs them inside the transaction that saves the
 * checkpoint. While catching up, a batch's writes then dirty each table page once per commit
 * instead of once per event; a rollback simply forgets them (`discard`).
 */
export class DeferredWrites {
  private pending: Array<[Database.Statement, unknown[]]> = [];

  run(statement: Database.Statement, ...params: unknown[]): void {
    this.pending.push([statement, params]);
  }

  flush(): void {
    const pending = this.pending;
    this.pending = [];
    for (const [statement, params] of pending) statement.run(...params);
  }

  discard(): void {
    this.pending = [];
  }
}
