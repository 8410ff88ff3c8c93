/**
 * The embedded event store: one SQLite file (better-sqlite3) with EventStoreDB's semantics. This
 * class wires together the files beside it; the design is in libs/event-store/README.md.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  type AllSubscription,
  type AppendOptions,
  type AppendResult,
  type DeleteOptions,
  EventStore,
  type EventToAppend,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeToAllOptions,
} from '../event-store.port';
import { EventStoreClosedError } from '../event-store.errors';
import {
  checkAppendOptions,
  checkDeleteOptions,
  checkStreamNameForAppend,
  checkSubscribeOptions,
  prepareEvents,
} from '../event-store.validation';
import { CommitSignals } from './commit-signals';
import { toStoredEvent } from './event-row';
import { GroupCommit } from './group-commit';
import { lastPosition, readAllEvents, readAllEventsOfTypes } from './read-all';
import { liveStreamRevision, readStreamEvents } from './read-stream';
import { eraseDeletedEvents } from './scavenge';
import { migrate, setPragmas, type SqliteSynchronous } from './schema';
import { prepareStatements, type Statements } from './statements';
import { SqliteAllSubscription } from './subscribe-to-all';
import type { SqliteWriter, WriteOperation } from './writer-protocol';
import { WriterThreadProxy } from './writer-thread-proxy';

export type { SqliteSynchronous } from './schema';

export interface SqliteEventStoreOptions {
  /** The database file (its directory is created if missing). */
  file: string;
  /** FULL (default): durable commits. NORMAL: the last commits can be lost on power failure or OS crash. */
  synchronous?: SqliteSynchronous;
  /** How often an idle subscription looks for commits made by other processes. Default 250 ms. */
  pollIntervalMs?: number;
  /** Events read per query while a subscription catches up. Default 1000. */
  subscriptionPageSize?: number;
  /** How long a write waits for another process's write lock before failing. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Announce commits to stores of the same file in other threads of this process, and hear
   * theirs (a BroadcastChannel). Default true; false behaves as a store in another process.
   */
  threadSignals?: boolean;
  /**
   * Write through another store (serveSqliteWrites, in a thread of its own) instead of this
   * connection, so the commit's fsync never blocks this thread. Reads stay on this connection.
   */
  writer?: SqliteWriter;
}

export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly statements: Statements;
  private readonly signals: CommitSignals;
  private readonly writer: WriterThreadProxy | null;
  private readonly groupCommit: GroupCommit;
  private readonly subscriptions = new Set<SqliteAllSubscription>();
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    super();
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') {
      throw new TypeError(`SqliteEventStore: synchronous must be FULL or NORMAL`);
    }
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.pageSize = options.subscriptionPageSize ?? 1000;
    if (!(this.pollIntervalMs > 0) || !Number.isSafeInteger(this.pageSize) || this.pageSize < 1) {
      throw new TypeError(
        'SqliteEventStore: pollIntervalMs and subscriptionPageSize must be positive',
      );
    }
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file, { timeout: options.busyTimeoutMs ?? 5000 });
    try {
      setPragmas(this.db, options.file, synchronous);
      migrate(this.db);
      this.statements = prepareStatements(this.db);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.signals = new CommitSignals(options.file, options.threadSignals !== false);
    // The writer's own signal reaches other threads: its answers wake this store's subscriptions.
    this.writer = options.writer
      ? new WriterThreadProxy(options.writer, () => this.signals.wake())
      : null;
    const writer = this.writer;
    this.groupCommit = new GroupCommit(
      this.db,
      this.statements,
      writer && ((batch) => writer.send(batch)),
      () => this.signals.committed(),
    );
  }

  // ---- writes (group-commit.ts, append-to-stream.ts; writer-thread-proxy.ts with a writer) ---

  append(stream: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    try {
      this.assertOpen();
      const operation: WriteOperation = {
        kind: 'append',
        stream: checkStreamNameForAppend(stream),
        events: prepareEvents(events),
        expected: checkAppendOptions(options),
      };
      return this.groupCommit.enqueue(operation) as Promise<AppendResult>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  deleteStream(stream: string, options: DeleteOptions): Promise<void> {
    return this.enqueueDelete('delete', stream, options);
  }

  tombstoneStream(stream: string, options: DeleteOptions): Promise<void> {
    return this.enqueueDelete('tombstone', stream, options);
  }

  private async enqueueDelete(
    kind: 'delete' | 'tombstone',
    stream: string,
    options: DeleteOptions,
  ): Promise<void> {
    this.assertOpen();
    await this.groupCommit.enqueue({
      kind,
      stream: checkStreamNameForAppend(stream),
      expected: checkDeleteOptions(options),
    });
  }

  /**
   * A write another store checked and serialised (serveSqliteWrites calls it, in the writer
   * thread): enqueued for this store's group commit like its own.
   */
  write(operation: WriteOperation): Promise<AppendResult | undefined> {
    try {
      this.assertOpen();
      return this.groupCommit.enqueue(operation);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // ---- reads (read-stream.ts, read-all.ts, subscribe-to-all.ts) -------------------------------

  override async streamRevision(stream: string): Promise<bigint | null> {
    this.assertOpen();
    return liveStreamRevision(this.statements, stream);
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    return readStreamEvents(this.statements, stream, options);
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    return readAllEvents(this.statements, options);
  }

  /**
   * Not part of the port (EventStoreDB reads `$all` unfiltered): `$all` of the given types only,
   * for a reader that needs no others, such as one part of a rebuild.
   */
  async readAllOfTypes(
    types: readonly string[],
    options: { fromPosition?: bigint; maxCount: number },
  ): Promise<StoredEvent[]> {
    this.assertOpen();
    return readAllEventsOfTypes(this.statements, types, options);
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return lastPosition(this.statements);
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    this.assertOpen();
    const subscription = new SqliteAllSubscription(checkSubscribeOptions(options), {
      readAfter: (position) => {
        this.assertOpen();
        return this.statements.after.all(position, this.pageSize).map(toStoredEvent);
      },
      waitForCommit: (listener) => this.signals.waitForCommit(listener),
      pollIntervalMs: this.pollIntervalMs,
      onStopped: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  // ---- upkeep -------------------------------------------------------------------------------

  /**
   * Physically removes the events of soft-deleted and tombstoned streams (and of events before a
   * recreated stream's truncation point), for patient-data erasure. Returns the number of events
   * removed. Not part of the port.
   */
  async scavenge(): Promise<number> {
    this.assertOpen();
    this.groupCommit.flush();
    return eraseDeletedEvents(this.db, this.statements);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.groupCommit.flush(); // appends already accepted are written, not dropped
    this.closed = true;
    if (this.writer) await this.writer.close();
    for (const subscription of [...this.subscriptions]) await subscription.stop();
    this.signals.wake();
    this.signals.close();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
