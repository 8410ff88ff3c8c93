/**
 * The embedded event store: one SQLite file (better-sqlite3), with EventStoreDB's semantics.
 *
 * - WAL journal; `synchronous=FULL` by default: a commit is on disk (fsync) before append()
 *   resolves. `NORMAL` is faster but the last commits can be lost on a power failure or an OS crash
 *   (never on a process crash): acceptable for tests and demos, not for a clinic's bookings.
 * - Global position = commit order: positions are assigned inside the write transaction (which
 *   holds SQLite's single write lock, also against other processes) from a counter that never goes
 *   back, so a reader can never see position p+1 before p, and positions are never reused.
 * - Group commit: append() calls made in the same tick of the event loop are written in one
 *   transaction (one fsync), each with its own revision check: a refused append writes nothing and
 *   does not fail the others.
 * - Idempotent appends as in EventStoreDB: events whose ids are all already in the stream at the
 *   revisions the expected revision implies (or, for 'any'/'stream-exists', consecutively anywhere
 *   in the stream) → success, nothing written, the original revision and position returned; a
 *   partial match → WrongExpectedRevisionError.
 * - Soft delete (deleteStream), as EventStoreDB before a scavenge: the stream reads as empty and
 *   `$all` still holds its events; the next append (expected 'no-stream', 'any' or the old last
 *   revision) recreates it and continues the revision numbering. Tombstone: every later read,
 *   append or delete throws StreamDeletedError; its events also stay in `$all` until scavenge()
 *   (SQLite only) removes the events of deleted streams for good.
 * - Subscriptions catch up in pages, then are woken by commits (no busy polling): commits of this
 *   store at once, commits of another store on the same file in another thread of this process
 *   (the api's projections and reminders thread) through a BroadcastChannel named after the file,
 *   and a slow poll (pollIntervalMs) sees commits by other processes sharing the file (the worker).
 */
import { mkdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import Database from 'better-sqlite3';
import {
  type AllSubscription,
  type AppendOptions,
  type AppendResult,
  type DeleteOptions,
  EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeToAllOptions,
} from './event-store.port';
import {
  type ActualRevision,
  EventStoreClosedError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from './event-store.errors';
import {
  checkAppendOptions,
  checkDeleteOptions,
  checkReadAllOptions,
  checkReadStreamOptions,
  checkStreamNameForAppend,
  checkStreamNameForRead,
  checkSubscribeOptions,
  metadataJsonWithRecordedAt,
  prepareEvents,
} from './event-store.validation';
import {
  deserialiseError,
  type FromSqliteWriter,
  type SerialisedEvent,
  type SqliteWriter,
  type WriteOperation,
} from './sqlite-writer';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

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

const SCHEMA_VERSION = 1;

/** streams.state */
const LIVE = 0;
const SOFT_DELETED = 1;
const TOMBSTONED = 2;

/** An events row in column order (raw rows: no per-row object, measurably faster reads). */
type EventRow = [
  position: bigint,
  stream: string,
  revision: bigint,
  id: string,
  type: string,
  data: string,
  metadata: string,
];

interface StreamRow {
  last_revision: bigint;
  truncate_before: bigint;
  state: bigint;
}

type Operation = WriteOperation;

interface PendingOperation {
  operation: Operation;
  resolve: (result: AppendResult | undefined) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; result: AppendResult | undefined } | { ok: false; error: unknown };

const EVENT_COLUMNS = 'position, stream, revision, id, type, data, metadata';

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row[3],
    type: row[4],
    data: JSON.parse(row[5]) as unknown,
    metadata: JSON.parse(row[6]) as StoredEvent['metadata'],
    stream: row[1],
    revision: row[2],
    position: row[0],
  };
}

/** Parses its data and metadata when they are first read (readAllOfTypes: a rebuild's reading). */
class LazilyParsedEvent implements StoredEvent {
  readonly position: bigint;
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  private parsedData: unknown = NOT_PARSED;
  private parsedMetadata: StoredEvent['metadata'] | undefined;

  constructor(private readonly row: EventRow) {
    this.position = row[0];
    this.stream = row[1];
    this.revision = row[2];
    this.id = row[3];
    this.type = row[4];
  }

  get data(): unknown {
    if (this.parsedData === NOT_PARSED) this.parsedData = JSON.parse(this.row[5]) as unknown;
    return this.parsedData;
  }

  get metadata(): StoredEvent['metadata'] {
    return (this.parsedMetadata ??= JSON.parse(this.row[6]) as StoredEvent['metadata']);
  }
}

const NOT_PARSED = Symbol('not parsed');

/** SQLite's LIMIT: -1 is "no limit". */
function limitOf(maxCount: number | undefined): number {
  return maxCount === undefined ? -1 : maxCount;
}

export class SqliteEventStore extends EventStore {
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly statements: ReturnType<SqliteEventStore['prepareStatements']>;
  private readonly writeBatch: Database.Transaction<(batch: PendingOperation[]) => Outcome[]>;
  private queue: PendingOperation[] = [];
  private flushHandle: NodeJS.Immediate | undefined;
  private readonly commitListeners = new Set<() => void>();
  private readonly subscriptions = new Set<SqliteAllSubscription>();
  /** Commits of this file by stores in other threads of this process (null for ':memory:'). */
  private readonly commitSignal: BroadcastChannel | null;
  /** Writes sent to the writer, by id, until it answers. */
  private readonly writer: SqliteWriter | null;
  private readonly sent = new Map<number, PendingOperation>();
  private nextWriteId = 1;
  /** close() waits here for the last answers of the writer. */
  private drained: (() => void) | null = null;
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
      const mode = this.db.pragma('journal_mode = WAL', { simple: true }) as string;
      if (mode !== 'wal' && options.file !== ':memory:') {
        throw new Error(`SqliteEventStore: the file system refused WAL mode (got ${mode})`);
      }
      this.db.pragma(`synchronous = ${synchronous}`);
      this.migrate();
      this.statements = this.prepareStatements();
      this.writeBatch = this.db.transaction((batch: PendingOperation[]) => this.applyBatch(batch));
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.commitSignal =
      options.file === ':memory:' || options.threadSignals === false
        ? null
        : commitChannelFor(options.file);
    this.writer = options.writer ?? null;
    this.writer?.onMessage((message) => this.receiveFromWriter(message));
    this.writer?.onLost(() => this.writerLost());
    if (this.commitSignal) {
      // Another thread committed to this file: wake this store's subscriptions (never re-posted).
      this.commitSignal.onmessage = () => this.wakeSubscriptions();
      this.commitSignal.unref();
    }
  }

  private migrate(): void {
    const version = () => this.db.pragma('user_version', { simple: true }) as number;
    if (version() > SCHEMA_VERSION) {
      throw new Error(
        `SqliteEventStore: the file has schema ${version()}, newer than this code (${SCHEMA_VERSION})`,
      );
    }
    if (version() === SCHEMA_VERSION) return;
    this.db
      .transaction(() => {
        // Another connection (a writer thread, another process) may have laid it out meanwhile.
        if (version() === SCHEMA_VERSION) return;
        this.db.exec(`
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
      })
      .immediate();
  }

  private prepareStatements() {
    const db = this.db;
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

  // ---- writes -------------------------------------------------------------------------------

  append(stream: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    try {
      this.assertOpen();
      const operation: Operation = {
        kind: 'append',
        stream: checkStreamNameForAppend(stream),
        events: prepareEvents(events),
        expected: checkAppendOptions(options),
      };
      return this.enqueue(operation) as Promise<AppendResult>;
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
    await this.enqueue({
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
      return this.enqueue(operation);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private enqueue(operation: Operation): Promise<AppendResult | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ operation, resolve, reject });
      // Everything enqueued in this tick goes into one transaction (or one message to the writer).
      this.flushHandle ??= setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    if (this.writer) {
      this.sendToWriter(this.writer, batch);
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
    if (outcomes.some((outcome) => outcome.ok)) this.notifyCommitted();
  }

  /** Runs inside one write transaction. A refusal is an outcome; any other error rolls back all. */
  private applyBatch(batch: PendingOperation[]): Outcome[] {
    const recordedAt = new Date().toISOString();
    const log = { next: -1n };
    const outcomes = batch.map(({ operation }): Outcome => {
      try {
        return { ok: true, result: this.apply(operation, recordedAt, log) };
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

  /** Checks first and writes only when every check passed, so a refusal leaves nothing behind. */
  private apply(
    operation: Operation,
    recordedAt: string,
    log: { next: bigint },
  ): AppendResult | undefined {
    const { stream, expected } = operation;
    const row = this.statements.stream.get(stream);
    if (row?.state === BigInt(TOMBSTONED)) throw new StreamDeletedError(stream);
    const last = row?.last_revision ?? -1n;
    const softDeleted = row?.state === BigInt(SOFT_DELETED);
    const exists = row !== undefined && !softDeleted && last >= 0n;
    const actual: ActualRevision = last >= 0n ? last : 'no-stream';
    const matches = (): boolean => {
      switch (expected) {
        case 'any':
          return true;
        case 'no-stream':
          return !exists;
        case 'stream-exists':
          return exists;
        default:
          return expected === last && (exists || softDeleted);
      }
    };

    if (operation.kind !== 'append') {
      if (!matches()) throw new WrongExpectedRevisionError(stream, expected, actual);
      const state = operation.kind === 'delete' ? SOFT_DELETED : TOMBSTONED;
      this.statements.saveStream.run(stream, last, last + 1n, state);
      return undefined;
    }

    const { events } = operation;

    if (expected === 'any' || expected === 'stream-exists') {
      const first = this.statements.revisionOfId.get(events[0]!.id, stream);
      if (first) return this.idempotentResult(stream, events, first.revision, expected, actual);
      for (const event of events.slice(1)) {
        if (this.statements.revisionOfId.get(event.id, stream)) {
          throw new WrongExpectedRevisionError(
            stream,
            expected,
            actual,
            'some of the event ids are already in the stream',
          );
        }
      }
      if (!matches()) throw new WrongExpectedRevisionError(stream, expected, actual);
    } else if (!matches()) {
      const expectedLast = expected === 'no-stream' ? -1n : expected;
      if (expectedLast < last)
        return this.idempotentResult(stream, events, expectedLast + 1n, expected, actual);
      throw new WrongExpectedRevisionError(stream, expected, actual);
    }

    if (log.next < 0n) log.next = this.statements.nextPosition.get()!.next_position;
    let revision = last;
    let position = -1n;
    for (const event of events) {
      revision += 1n;
      position = log.next;
      log.next += 1n;
      this.statements.insertEvent.run(
        position,
        stream,
        revision,
        event.id,
        event.type,
        event.dataJson,
        metadataJsonWithRecordedAt(event.metadataJson, recordedAt),
      );
    }
    this.statements.saveStream.run(stream, revision, row?.truncate_before ?? 0n, LIVE);
    return { nextRevision: revision, position };
  }

  /** The events are already in the stream from `fromRevision` on, all of them in order → no-op success. */
  private idempotentResult(
    stream: string,
    events: SerialisedEvent[],
    fromRevision: bigint,
    expected: ExpectedRevision,
    actual: ActualRevision,
  ): AppendResult {
    const stored = this.statements.idsFrom.all(stream, fromRevision, events.length);
    const all =
      stored.length === events.length &&
      stored.every(
        (row, i) => row.revision === fromRevision + BigInt(i) && row.id === events[i]!.id,
      );
    if (!all) {
      const partly = stored.some((row, i) => row.id === events[i]?.id);
      throw new WrongExpectedRevisionError(
        stream,
        expected,
        actual,
        partly ? 'only some of the event ids are already in the stream' : undefined,
      );
    }
    const lastStored = stored[stored.length - 1]!;
    return { nextRevision: lastStored.revision, position: lastStored.position };
  }

  private sendToWriter(writer: SqliteWriter, batch: PendingOperation[]): void {
    const operations = batch.map((pending) => {
      const id = this.nextWriteId++;
      this.sent.set(id, pending);
      return { id, operation: slim(pending.operation) };
    });
    writer.post({ type: 'write', operations });
  }

  private receiveFromWriter(message: FromSqliteWriter): void {
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
    if (committed) this.wakeSubscriptions();
    if (this.sent.size === 0) this.drained?.();
  }

  /** The writer died before answering: those writes may or may not be committed. */
  private writerLost(): void {
    const lost = [...this.sent.values()];
    this.sent.clear();
    for (const pending of lost) {
      pending.reject(
        new Error('the event log writer stopped before answering: the write may not be committed'),
      );
    }
    this.drained?.();
  }

  private notifyCommitted(): void {
    this.commitSignal?.postMessage(null);
    this.wakeSubscriptions();
  }

  private wakeSubscriptions(): void {
    if (this.commitListeners.size === 0) return;
    const listeners = [...this.commitListeners];
    this.commitListeners.clear();
    for (const listener of listeners) listener();
  }

  // ---- reads --------------------------------------------------------------------------------

  /**
   * The last revision of a live stream, from its row alone. A stream's events never change in
   * place: it only grows, or is deleted (state) or truncated (a recreated stream continues its
   * revisions), so an unchanged last revision of a live stream is an unchanged stream.
   */
  override async streamRevision(stream: string): Promise<bigint | null> {
    this.assertOpen();
    const row = this.statements.stream.get(checkStreamNameForRead(stream));
    return row && row.state === BigInt(LIVE) && row.last_revision >= 0n ? row.last_revision : null;
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const name = checkStreamNameForRead(stream);
    const { fromRevision, direction, maxCount } = checkReadStreamOptions(options);
    const row = this.statements.stream.get(name);
    if (row?.state === BigInt(TOMBSTONED)) throw new StreamDeletedError(name);
    const truncateBefore = row?.truncate_before ?? 0n;
    const rows =
      direction === 'forwards'
        ? this.statements.streamForwards.all(
            name,
            fromRevision !== undefined && fromRevision > truncateBefore
              ? fromRevision
              : truncateBefore,
            limitOf(maxCount),
          )
        : this.statements.streamBackwards.all(
            name,
            fromRevision ?? row?.last_revision ?? -1n,
            truncateBefore,
            limitOf(maxCount),
          );
    return rows.map(toStoredEvent);
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const { fromPosition, direction, maxCount } = checkReadAllOptions(options);
    const rows =
      direction === 'forwards'
        ? this.statements.allForwards.all(fromPosition ?? 0n, limitOf(maxCount))
        : this.statements.allBackwards.all(fromPosition ?? this.head(), limitOf(maxCount));
    return rows.map(toStoredEvent);
  }

  /**
   * Not part of the port (EventStoreDB reads `$all` unfiltered): `$all` forwards from
   * `fromPosition` (inclusive), only events of the given types, up to `maxCount`. For a reader that
   * needs no others, such as one part of a rebuild: the other rows are skipped inside SQLite, and the
   * events' data and metadata are parsed when first read.
   */
  async readAllOfTypes(
    types: readonly string[],
    options: { fromPosition?: bigint; maxCount: number },
  ): Promise<StoredEvent[]> {
    this.assertOpen();
    const { fromPosition, maxCount } = checkReadAllOptions(options);
    const rows = this.statements.allOfTypes.all(
      fromPosition ?? 0n,
      JSON.stringify(types),
      limitOf(maxCount),
    );
    return rows.map((row) => new LazilyParsedEvent(row));
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.head();
  }

  private head(): bigint {
    return this.statements.head.get()?.head ?? -1n;
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    this.assertOpen();
    const subscription = new SqliteAllSubscription(checkSubscribeOptions(options), {
      readAfter: (position) => {
        this.assertOpen();
        return this.statements.after.all(position, this.pageSize).map(toStoredEvent);
      },
      waitForCommit: (listener) => {
        this.commitListeners.add(listener);
        return () => this.commitListeners.delete(listener);
      },
      pollIntervalMs: this.pollIntervalMs,
      onStopped: (s) => this.subscriptions.delete(s),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Physically removes the events of soft-deleted and tombstoned streams (and of events before a
   * recreated stream's truncation point), as an EventStoreDB scavenge does: for patient-data
   * erasure. Deleted content is overwritten (secure_delete) and the WAL truncated. Positions are
   * never reused. Returns the number of events removed. Not part of the port.
   */
  async scavenge(): Promise<number> {
    this.assertOpen();
    this.flush();
    this.db.pragma('secure_delete = ON');
    try {
      const removed = this.db.transaction(() => this.statements.scavenge.run().changes).immediate();
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      return removed;
    } finally {
      this.db.pragma('secure_delete = OFF');
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush(); // appends already accepted are written, not dropped
    this.closed = true;
    if (this.writer) {
      // Every write sent is answered (or lost with the writer) before the writer stops.
      if (this.sent.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      await this.writer.close();
    }
    for (const subscription of [...this.subscriptions]) await subscription.stop();
    this.wakeSubscriptions();
    this.commitSignal?.close();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

/** What the writer needs of an operation (the parsed data stays here). */
function slim(operation: Operation): WriteOperation {
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

/**
 * The channel on which every store of one database file, in any thread of this process, says it
 * committed. Named after the file's real path, so two names of one file share it.
 */
function commitChannelFor(file: string): BroadcastChannel {
  let path: string;
  try {
    path = join(realpathSync(dirname(file)), basename(file));
  } catch {
    path = file;
  }
  return new BroadcastChannel(`lsb-sqlite-event-store-commits:${path}`);
}

interface SubscriptionSource {
  readAfter(position: bigint): StoredEvent[];
  /** Calls the listener once, after the next commit in this process; returns a canceller. */
  waitForCommit(listener: () => void): () => void;
  pollIntervalMs: number;
  onStopped(subscription: SqliteAllSubscription): void;
}

/**
 * A catch-up subscription: pages of events after the checkpoint until there are none, then waits
 * for a commit in this process or the slow poll, and reads again. Single consumer.
 */
class SqliteAllSubscription implements AllSubscription, AsyncIterator<StoredEvent> {
  private buffer: StoredEvent[] = [];
  private index = 0;
  private stopped = false;
  private wake: (() => void) | undefined;

  constructor(
    private checkpoint: bigint,
    private readonly source: SubscriptionSource,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<StoredEvent>> {
    for (;;) {
      if (this.stopped) return { done: true, value: undefined };
      if (this.index < this.buffer.length) {
        const event = this.buffer[this.index++]!;
        this.checkpoint = event.position;
        return { done: false, value: event };
      }
      this.buffer = this.source.readAfter(this.checkpoint);
      this.index = 0;
      if (this.buffer.length === 0) await this.waitForNews();
    }
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    await this.stop();
    return { done: true, value: undefined };
  }

  /** Ends the iteration: a pending next() resolves as done at once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.buffer = [];
    this.wake?.();
    this.source.onStopped(this);
  }

  private waitForNews(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        cancel();
        this.wake = undefined;
        resolve();
      };
      // Registered in the same tick as the empty read: no in-process commit can slip between.
      const cancel = this.source.waitForCommit(done);
      const timer = setTimeout(done, this.source.pollIntervalMs);
      this.wake = done;
    });
  }
}
