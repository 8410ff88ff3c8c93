/**
 * The event store port. It promises only what EventStoreDB promises (docs/architecture.md): append to ONE
 * stream with an expected revision, read a stream, read `$all` in global order, subscribe to
 * `$all` from an exclusive checkpoint. Adapters: SQLite (embedded default) and EventStoreDB.
 */

/** `no-stream`: the stream must not exist; `stream-exists`: it must; `any`: no check; bigint: exact 0-based revision of the last event. */
export type ExpectedRevision = 'no-stream' | 'stream-exists' | 'any' | bigint;

/** Who did it and why; recorded on every event. `recordedAt` is set by the store. */
export interface EventMetadata {
  actor?: { id: string; role: string };
  correlationId?: string;
  causationId?: string;
  /** ISO 8601 instant the store recorded the event (set by the adapter on append). */
  recordedAt: string;
  [key: string]: unknown;
}

export interface EventToAppend {
  /** A UUID. Deterministic (derived from the command id and the event's index) so a retry writes nothing new. */
  id: string;
  type: string;
  /** JSON-serialisable. */
  data: unknown;
  metadata?: Omit<EventMetadata, 'recordedAt'>;
}

export interface StoredEvent<Data = unknown> {
  id: string;
  type: string;
  data: Data;
  metadata: EventMetadata;
  stream: string;
  /** 0-based position of the event inside its stream. */
  revision: bigint;
  /** Position in `$all`: strictly increasing in commit order. */
  position: bigint;
}

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event now in the stream (what to pass as the next expected revision). */
  nextRevision: bigint;
  /** Global position of the last event written (or already present, for an idempotent retry). */
  position: bigint;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Inclusive. Default: the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  direction?: ReadDirection;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Inclusive. Default: the start (forwards) or the end (backwards). */
  fromPosition?: bigint;
  direction?: ReadDirection;
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /** Exclusive checkpoint: delivery starts with the first event after this position. Default: the start. */
  fromPosition?: bigint;
}

/** Catches up from the checkpoint, then delivers live events, strictly in order, until stopped. */
export interface AllSubscription extends AsyncIterable<StoredEvent> {
  stop(): Promise<void>;
}

export interface DeleteOptions {
  expectedRevision: ExpectedRevision;
}

export abstract class EventStore {
  abstract append(
    stream: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult>;
  /** Events of one stream; an unknown (or soft-deleted) stream reads as []. A tombstoned stream throws StreamDeletedError. */
  abstract readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  abstract readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  abstract subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
  /** Soft delete: the stream reads as empty; appending again continues from the old revision. */
  abstract deleteStream(stream: string, options: DeleteOptions): Promise<void>;
  /** Hard delete: the stream can never be read or written again. */
  abstract tombstoneStream(stream: string, options: DeleteOptions): Promise<void>;
  /** Position of the last event in `$all`, or -1n when the log is empty. */
  abstract headPosition(): Promise<bigint>;
  /**
   * Optional, for adapters that know it cheaply: the revision of the stream's last event when the
   * stream is live (null: no such stream, deleted, or not known this way). Equal to an earlier
   * answer, the stream has not changed since: a cache of its fold can skip reading it.
   * (EventStoreDB's adapter leaves it out: reading the last event is how it would answer.)
   */
  streamRevision?(stream: string): Promise<bigint | null>;
  abstract close(): Promise<void>;
}
