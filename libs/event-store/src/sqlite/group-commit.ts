/**
 * Writes made in one tick of the event loop share one transaction (one fsync), each with its own
 * check: a refused write writes nothing and does not fail the others.
 */
import type Database from 'better-sqlite3';
import type { AppendResult } from '../event-store.port';
import { StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import { applyWrite, type PositionCounter } from './append-to-stream';
import type { Statements } from './statements';
import type { WriteOperation } from './writer-protocol';

/** A write waiting for its commit, and its caller's promise. */
export interface PendingOperation {
  operation: WriteOperation;
  resolve: (result: AppendResult | undefined) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult | undefined } | { ok: false; error: unknown };

export class GroupCommit {
  private queue: PendingOperation[] = [];
  private flushHandle: NodeJS.Immediate | undefined;
  private readonly writeBatch: Database.Transaction<(batch: PendingOperation[]) => Outcome[]>;

  /**
   * `sendToWriter`: where a batch goes instead of this connection when the store writes through
   * another thread. `committed`: called after a batch committed here with at least one write.
   */
  constructor(
    db: Database.Database,
    private readonly statements: Statements,
    private readonly sendToWriter: ((batch: PendingOperation[]) => void) | null,
    private readonly committed: () => void,
  ) {
    this.writeBatch = db.transaction((batch: PendingOperation[]) => this.applyBatch(batch));
  }

  enqueue(operation: WriteOperation): Promise<AppendResult | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ operation, resolve, reject });
      // Everything enqueued in this tick goes into one transaction (or one message to the writer).
      this.flushHandle ??= setImmediate(() => this.flush());
    });
  }

  flush(): void {
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (this.sendToWriter) {
      this.sendToWriter(batch);
      return;
    }
    let outcomes: Outcome[];
    try {
      outcomes = this.writeBatch.immediate(batch);
    } catch (error) {
      // The transaction rolled back (disk full, lock timeout…): nothing of the batch was written.
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    if (outcomes.some((outcome) => outcome.ok)) this.committed();
  }

  /** Runs inside one write transaction. A refusal is an outcome; any other error rolls back all. */
  private applyBatch(batch: PendingOperation[]): Outcome[] {
    const recordedAt = new Date().toISOString();
    const log: PositionCounter = { next: -1n };
    const outcomes = batch.map(({ operation }): Outcome => {
      try {
        return { ok: true, result: applyWrite(this.statements, operation, recordedAt, log) };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError || error instanceof StreamDeletedError) {
          return { ok: false, error };
        }
        throw error;
      }
    });
    if (log.next >= 0n) this.statements.saveNextPosition.run(log.next);
    return outcomes;
  }
}
