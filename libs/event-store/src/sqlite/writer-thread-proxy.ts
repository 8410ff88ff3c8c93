/**
 * The sending store's side of a writer in another thread: numbers each write it sends, settles it
 * when the writer answers, and fails the writes in flight if the writer dies before answering.
 */
import type { PendingOperation } from './group-commit';
import {
  deserialiseError,
  type FromSqliteWriter,
  type SerialisedEvent,
  type SqliteWriter,
  type WriteOperation,
} from './writer-protocol';

export class WriterThreadProxy {
  /** Writes sent to the writer, by id, until it answers. */
  private readonly sent = new Map<number, PendingOperation>();
  private nextWriteId = 1;
  /** close() waits here for the last answers of the writer. */
  private drained: (() => void) | null = null;

  /** `committed`: called once an answer says at least one write committed. */
  constructor(
    private readonly writer: SqliteWriter,
    private readonly committed: () => void,
  ) {
    writer.onMessage((message) => this.receive(message));
    writer.onLost(() => this.lost());
  }

  /** One message for the batch of one tick (GroupCommit's batch), so it shares one commit there. */
  send(batch: PendingOperation[]): void {
    const operations = batch.map((pending) => {
      const id = this.nextWriteId++;
      this.sent.set(id, pending);
      return { id, operation: slim(pending.operation) };
    });
    this.writer.post({ type: 'write', operations });
  }

  /** Every write sent is answered (or lost with the writer) before the writer stops. */
  async close(): Promise<void> {
    if (this.sent.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.writer.close();
  }

  private receive(message: FromSqliteWriter): void {
    if (message.type !== 'written') return;
    let committed = false;
    for (const outcome of message.outcomes) {
      const pending = this.sent.get(outcome.id);
      if (!pending) continue;
      this.sent.delete(outcome.id);
      if (outcome.ok) {
        committed = true;
        pending.resolve(outcome.result);
      } else {
        pending.reject(deserialiseError(outcome.error));
      }
    }
    // The writer's own signal reaches other threads; this store's subscriptions need no wait.
    if (committed) this.committed();
    if (this.sent.size === 0) this.drained?.();
  }

  /** The writer died before answering: those writes may or may not be committed. */
  private lost(): void {
    const lost = [...this.sent.values()];
    this.sent.clear();
    for (const pending of lost) {
      pending.reject(
        new Error('the event log writer stopped before answering: the write may not be committed'),
      );
    }
    this.drained?.();
  }
}

/** What the writer needs of an operation (the parsed data stays here). */
function slim(operation: WriteOperation): WriteOperation {
  if (operation.kind !== 'append') return operation;
  return {
    kind: 'append',
    stream: operation.stream,
    expected: operation.expected,
    events: operation.events.map((event): SerialisedEvent => ({
      id: event.id,
      type: event.type,
      dataJson: event.dataJson,
      metadataJson: event.metadataJson,
    })),
  };
}
