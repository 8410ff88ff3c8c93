/**
 * The production event store: EventStoreDB over @eventstore/db-client v6, behind the same port
 * and the same input rules as the SQLite adapter. Positions: see esdb-mapping.ts.
 *
 * - System streams and events are filtered out of readAll, headPosition and subscriptions.
 * - append() returns the `$all` position of the last event, read back from the stream: the server's
 *   append response reports a transaction position, which for a multi-event or idempotent append is
 *   not that of the last event (projections wait for the position an append returns).
 * - EventStoreDB's delete takes no 'stream-exists'; it is checked by reading the last revision and
 *   deleting with that exact revision (so a concurrent append still makes the delete fail).
 * - Needs EventStoreDB 22.6 or newer (positions on stream reads).
 */
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  type ExpectedRevision as EsdbDeleteExpectedRevision,
  excludeSystemEvents,
  FORWARDS,
  type JSONEventData,
  type JSONType,
  NO_STREAM,
  type ReadPosition,
  type ResolvedEvent,
  START,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
} from '@eventstore/db-client';
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
} from '../event-store.port';
import { EventStoreClosedError, WrongExpectedRevisionError } from '../event-store.errors';
import {
  checkAppendOptions,
  checkDeleteOptions,
  checkReadAllOptions,
  checkReadStreamOptions,
  checkStreamNameForAppend,
  checkStreamNameForRead,
  checkSubscribeOptions,
  prepareEvents,
} from '../event-store.validation';
import {
  fromAllStream,
  isStreamNotFound,
  isSystemEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toPortError,
  toStoredEvent,
} from './esdb-mapping';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
}

export class EsdbEventStore extends EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<EsdbAllSubscription>();
  private closed = false;

  constructor(options: EsdbEventStoreOptions) {
    super();
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async append(
    stream: string,
    events: EventToAppend[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    this.assertOpen();
    const name = checkStreamNameForAppend(stream);
    const prepared = prepareEvents(events);
    const expected = checkAppendOptions(options);
    const recordedAt = new Date().toISOString();
    const data = prepared.map((event): JSONEventData => ({
      id: event.id,
      contentType: 'application/json',
      type: event.type,
      // Any JSON value: the client JSON.stringify()s it whatever its type.
      data: event.data as JSONType,
      metadata: { recordedAt, ...event.metadata },
    }));
    let nextRevision: bigint;
    let reported: bigint | undefined;
    try {
      const result = await this.client.appendToStream(name, data, {
        expectedRevision: toEsdbExpectedRevision(expected),
      });
      nextRevision = result.nextExpectedRevision;
      reported = result.position?.commit;
    } catch (error) {
      throw toPortError(error, name, expected);
    }
    const [last] = await this.readStreamSafely(name, nextRevision);
    return { nextRevision, position: last?.position ?? reported ?? -1n };
  }

  /** The event at one revision, or nothing if it cannot be read any more (deleted meanwhile). */
  private async readStreamSafely(stream: string, revision: bigint): Promise<StoredEvent[]> {
    try {
      return await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    } catch {
      return [];
    }
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const name = checkStreamNameForRead(stream);
    const { fromRevision, direction, maxCount } = checkReadStreamOptions(options);
    if (maxCount === 0) return [];
    const events: StoredEvent[] = [];
    try {
      const read = this.client.readStream(name, {
        fromRevision: fromRevision ?? (direction === 'forwards' ? START : END),
        direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const event = toStoredEvent(resolved.event);
        if (event) events.push(event);
      }
    } catch (error) {
      // A stream never written, or soft-deleted, reads as empty (the port's promise).
      if (isStreamNotFound(error)) return [];
      throw toPortError(error, name);
    }
    return events;
  }

  async readAll(options?: ReadAllOptions): Promise<StoredEvent[]> {
    this.assertOpen();
    const { fromPosition, direction, maxCount } = checkReadAllOptions(options);
    const wanted = maxCount ?? Number.POSITIVE_INFINITY;
    if (wanted === 0) return [];
    if (direction === 'forwards') {
      const from =
        fromPosition === undefined || fromPosition <= 0n ? START : toEsdbPosition(fromPosition);
      return this.collectAll(from, FORWARDS, wanted);
    }
    if (fromPosition === undefined) return this.collectAll(END, BACKWARDS, wanted);
    if (fromPosition < 0n) return [];
    // Backwards from p returns events before p: the event at p itself (inclusive) is read forwards.
    const [atPosition] = await this.collectAll(toEsdbPosition(fromPosition), FORWARDS, 1);
    const first = atPosition?.position === fromPosition ? [atPosition] : [];
    const rest = await this.collectAll(
      toEsdbPosition(fromPosition),
      BACKWARDS,
      wanted - first.length,
    );
    return [...first, ...rest];
  }

  /** Reads `$all` until `wanted` non-system events are collected (system events do not count). */
  private async collectAll(
    from: ReadPosition,
    direction: typeof FORWARDS | typeof BACKWARDS,
    wanted: number,
  ) {
    const events: StoredEvent[] = [];
    if (wanted <= 0) return events;
    const read = this.client.readAll({ fromPosition: from, direction });
    try {
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = fromAllStream(resolved);
        if (event) events.push(event);
        if (events.length >= wanted) break;
      }
    } finally {
      if (!read.destroyed) read.destroy();
    }
    return events;
  }

  async headPosition(): Promise<bigint> {
    const [last] = await this.readAll({ direction: 'backwards', maxCount: 1 });
    return last?.position ?? -1n;
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    this.assertOpen();
    const after = checkSubscribeOptions(options);
    const subscription = this.client.subscribeToAll({
      fromPosition: after < 0n ? START : toEsdbPosition(after),
      filter: excludeSystemEvents(),
    });
    const wrapped = new EsdbAllSubscription(subscription, (s) => this.subscriptions.delete(s));
    this.subscriptions.add(wrapped);
    return wrapped;
  }

  deleteStream(stream: string, options: DeleteOptions): Promise<void> {
    return this.remove('delete', stream, options);
  }

  tombstoneStream(stream: string, options: DeleteOptions): Promise<void> {
    return this.remove('tombstone', stream, options);
  }

  private async remove(
    kind: 'delete' | 'tombstone',
    stream: string,
    options: DeleteOptions,
  ): Promise<void> {
    this.assertOpen();
    const name = checkStreamNameForAppend(stream);
    const expected = checkDeleteOptions(options);
    const expectedRevision = await this.deleteExpectation(name, expected);
    try {
      if (kind === 'delete') await this.client.deleteStream(name, { expectedRevision });
      else await this.client.tombstoneStream(name, { expectedRevision });
    } catch (error) {
      throw toPortError(error, name, expected);
    }
  }

  private async deleteExpectation(
    stream: string,
    expected: ExpectedRevision,
  ): Promise<EsdbDeleteExpectedRevision> {
    switch (expected) {
      case 'any':
        return ANY;
      case 'no-stream':
        return NO_STREAM;
      case 'stream-exists': {
        const [last] = await this.readStream(stream, { direction: 'backwards', maxCount: 1 });
        if (!last) throw new WrongExpectedRevisionError(stream, expected, 'no-stream');
        return last.revision;
      }
      default:
        return expected;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** The client's subscription as the port's: skips system events; stop() ends a pending next() at once. */
class EsdbAllSubscription implements AllSubscription, AsyncIterator<StoredEvent> {
  private readonly source: AsyncIterator<AllStreamResolvedEvent>;
  private stopped = false;
  private signalStop!: () => void;
  private readonly stopSignal = new Promise<'stopped'>((resolve) => {
    this.signalStop = () => resolve('stopped');
  });

  constructor(
    private readonly subscription: AllStreamSubscription,
    private readonly onStopped: (subscription: EsdbAllSubscription) => void,
  ) {
    this.source = subscription[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<StoredEvent>> {
    for (;;) {
      if (this.stopped) return DONE;
      let result: IteratorResult<AllStreamResolvedEvent> | 'stopped';
      try {
        result = await Promise.race([this.source.next(), this.stopSignal]);
      } catch (error) {
        if (this.stopped) return DONE;
        throw error; // the connection failed: the consumer resumes from its checkpoint
      }
      if (result === 'stopped') return DONE;
      if (result.done) {
        await this.stop();
        return DONE;
      }
      const resolved = result.value;
      if (resolved.event && isSystemEvent(resolved.event)) continue;
      const event = fromAllStream(resolved);
      if (event) return { done: false, value: event };
    }
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    await this.stop();
    return DONE;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.signalStop();
    this.onStopped(this);
    try {
      await this.subscription.unsubscribe();
    } finally {
      this.subscription.destroy();
    }
  }
}
