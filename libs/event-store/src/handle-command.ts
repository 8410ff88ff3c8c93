/**
 * The write side's one loop: read → fold → decide → append at the exact expected revision, retried
 * on a conflict; idempotent by command id. How and why: libs/event-store/README.md, "handleCommand".
 */
import type { Decider } from '@app/domain';
import type { EventStore, EventToAppend, StoredEvent } from './event-store.port';
import { WrongExpectedRevisionError } from './event-store.errors';
import { eventIdFor } from './event-id';

export interface HandleCommandOptions {
  /** The command's id (e.g. the request's Idempotency-Key): event ids derive from it. */
  commandId: string;
  actor?: { id: string; role: string };
  /** Default: the command id. */
  correlationId?: string;
  /** Default: the command id. */
  causationId?: string;
  /** Attempts in all, counting the first; a version conflict after the last one is thrown. Default 5. */
  maxAttempts?: number;
  /** Use the in-process folded-state cache. Default true. */
  cache?: boolean;
  /**
   * Read the written events back for `result.events` (their stored form). Default true; false
   * saves a read when only the position, revision and state are needed (`events` is then []).
   */
  returnEvents?: boolean;
}

/** A stream's folded state at a revision, as one command (commandId) sees it before deciding. */
export interface StreamSnapshot<State> {
  readonly stream: string;
  readonly commandId: string;
  readonly state: State;
  /** Revision of the stream's last event (-1n when empty). */
  readonly revision: bigint;
  /** Global position of the stream's last event (-1n when empty). */
  readonly position: bigint;
  /** The command already ran on this stream: what it returned then (nothing to decide again). */
  readonly alreadyHandled?: HandleCommandResult<State>;
}

export interface HandleCommandResult<State> {
  /** The events written by this command (or found already written, on a retried command). */
  events: StoredEvent[];
  /** The stream's revision after those events (-1n if the stream is still empty). */
  nextRevision: bigint;
  /** Global position of the last of those events; for a command that decided nothing, of the stream's last event (-1n if none). */
  position: bigint;
  /** The state right after those events. */
  state: State;
  /**
   * The command had already run (a retry): its earlier result is returned and nothing was decided
   * or written now. The stream may have moved on since; `state` is as it was right after it.
   */
  replayed?: true;
}

type DomainEvent = { type: string; data: unknown };

const DEFAULT_MAX_ATTEMPTS = 5;
const BACKOFF_BASE_MS = 5;
const BACKOFF_CAP_MS = 100;

export function handleCommand<Command, State, Event extends DomainEvent>(
  store: EventStore,
  stream: string,
  decider: Decider<Command, State, Event>,
  command: Command,
  options: HandleCommandOptions,
): Promise<HandleCommandResult<State>> {
  return inTurn(store, stream, () => decideAndAppend(store, stream, decider, command, options));
}

async function decideAndAppend<Command, State, Event extends DomainEvent>(
  store: EventStore,
  stream: string,
  decider: Decider<Command, State, Event>,
  command: Command,
  options: HandleCommandOptions,
): Promise<HandleCommandResult<State>> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError('handleCommand: maxAttempts must be an integer ≥ 1');
  }
  const firstId = eventIdFor(options.commandId, stream, 0);
  const cache = options.cache === false ? undefined : cacheFor(store);

  for (let attempt = 1; ; attempt++) {
    const loaded = await load(store, stream, decider, options.commandId, firstId, cache);
    if (loaded.alreadyHandled) return loaded.alreadyHandled;

    const decided = decider.decide(command, loaded.state); // a refusal (domain error) propagates as is
    if (decided.length === 0) {
      return {
        events: [],
        nextRevision: loaded.revision,
        position: loaded.position,
        state: loaded.state,
      };
    }

    const metadata: EventToAppend['metadata'] = {
      ...(options.actor ? { actor: options.actor } : {}),
      correlationId: options.correlationId ?? options.commandId,
      causationId: options.causationId ?? options.commandId,
    };
    const toAppend = decided.map((event, index): EventToAppend => ({
      id: eventIdFor(options.commandId, stream, index),
      type: event.type,
      data: event.data,
      metadata,
    }));

    let result;
    try {
      result = await store.append(stream, toAppend, {
        expectedRevision: loaded.revision < 0n ? 'no-stream' : loaded.revision,
      });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && attempt < maxAttempts) {
        await sleep(backoffMs(attempt));
        continue;
      }
      throw error;
    }

    const state = decided.reduce(decider.evolve, loaded.state);
    const firstRevision = result.nextRevision - BigInt(toAppend.length) + 1n;
    const writtenIds = new Set(toAppend.map((event) => event.id));
    // Read back, for the stored form (recordedAt, positions). Only a concurrent delete could hide them.
    const events =
      options.returnEvents === false
        ? []
        : (
            await store.readStream(stream, {
              fromRevision: firstRevision,
              maxCount: toAppend.length,
            })
          ).filter((event) => writtenIds.has(event.id));
    cache?.save(stream, decider, {
      state,
      revision: result.nextRevision,
      position: result.position,
      lastEventId: toAppend[toAppend.length - 1]!.id,
      ids: [...loaded.ids, ...writtenIds],
    });
    return { events, nextRevision: result.nextRevision, position: result.position, state };
  }
}

/**
 * Reads a stream as one command would (through the same cache), without deciding: whether that
 * command already ran, and the state it would decide on (a process checks it before another step).
 */
export async function loadStream<Command, State, Event extends DomainEvent>(
  store: EventStore,
  stream: string,
  decider: Decider<Command, State, Event>,
  options: { commandId: string; cache?: boolean },
): Promise<StreamSnapshot<State>> {
  const cache = options.cache === false ? undefined : cacheFor(store);
  const firstId = eventIdFor(options.commandId, stream, 0);
  const loaded = await load(store, stream, decider, options.commandId, firstId, cache);
  return {
    stream,
    commandId: options.commandId,
    state: loaded.state,
    revision: loaded.revision,
    position: loaded.position,
    ...(loaded.alreadyHandled ? { alreadyHandled: loaded.alreadyHandled } : {}),
  };
}

interface Loaded<State> {
  state: State;
  revision: bigint;
  position: bigint;
  /** Ids of every event in the stream (for the cache). */
  ids: Iterable<string>;
  /** The command already ran: what it returned then. */
  alreadyHandled?: HandleCommandResult<State>;
}

function toDomainEvent<Event extends DomainEvent>(event: StoredEvent): Event {
  return { type: event.type, data: event.data } as Event;
}

async function load<Command, State, Event extends DomainEvent>(
  store: EventStore,
  stream: string,
  decider: Decider<Command, State, Event>,
  commandId: string,
  firstId: string,
  cache: StreamStateCache | undefined,
): Promise<Loaded<State>> {
  const entry = cache?.get<State>(stream, decider);
  // The store says the stream has not moved since it was folded: nothing to read.
  if (
    entry &&
    !entry.ids.has(firstId) &&
    (await store.streamRevision?.(stream)) === entry.revision
  ) {
    return {
      state: entry.state,
      revision: entry.revision,
      position: entry.position,
      ids: entry.ids,
    };
  }
  if (entry) {
    const newer = await store.readStream(stream, { fromRevision: entry.revision });
    const [anchor, ...rest] = newer;
    const unchanged =
      anchor !== undefined && anchor.id === entry.lastEventId && anchor.revision === entry.revision;
    // A command that already ran needs the whole stream to tell its result again: rare, read it all.
    if (unchanged && !entry.ids.has(firstId) && !rest.some((event) => event.id === firstId)) {
      if (rest.length === 0)
        return {
          state: entry.state,
          revision: entry.revision,
          position: entry.position,
          ids: entry.ids,
        };
      const last = rest[rest.length - 1]!;
      const state = rest.reduce(
        (s, event) => decider.evolve(s, toDomainEvent<Event>(event)),
        entry.state,
      );
      const ids = [...entry.ids, ...rest.map((event) => event.id)];
      cache!.save(stream, decider, {
        state,
        revision: last.revision,
        position: last.position,
        lastEventId: last.id,
        ids,
      });
      return { state, revision: last.revision, position: last.position, ids };
    }
    if (!unchanged) cache!.drop(stream);
  }

  const all = await store.readStream(stream);
  let state = decider.initialState();
  let nextId = firstId;
  const handled: StoredEvent[] = [];
  let stateAfterHandled = state;
  for (const event of all) {
    state = decider.evolve(state, toDomainEvent<Event>(event));
    // One command's events are written by one append: consecutive, ids eventIdFor(commandId, stream, 0…).
    if (event.id === nextId) {
      handled.push(event);
      stateAfterHandled = state;
      nextId = eventIdFor(commandId, stream, handled.length);
    }
  }
  const last = all[all.length - 1];
  const ids = all.map((event) => event.id);
  if (last) {
    cache?.save(stream, decider, {
      state,
      revision: last.revision,
      position: last.position,
      lastEventId: last.id,
      ids,
    });
  }
  const lastHandled = handled[handled.length - 1];
  return {
    state,
    revision: last?.revision ?? -1n,
    position: last?.position ?? -1n,
    ids,
    alreadyHandled: lastHandled && {
      replayed: true,
      events: handled,
      nextRevision: lastHandled.revision,
      position: lastHandled.position,
      state: stateAfterHandled,
    },
  };
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- one command at a time per stream ------------------------------------------------------------

/** Per store: the last command queued on each stream (removed when the queue empties). */
const turns = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

function inTurn<T>(store: EventStore, stream: string, run: () => Promise<T>): Promise<T> {
  let queues = turns.get(store);
  if (!queues) {
    queues = new Map();
    turns.set(store, queues);
  }
  const previous = queues.get(stream);
  // The previous command's outcome is its caller's: `previous` only says it is over.
  const mine = previous ? previous.then(run) : run();
  const settled = mine.then(
    () => undefined,
    () => undefined,
  );
  queues.set(stream, settled);
  void settled.then(() => {
    if (queues!.get(stream) === settled) queues!.delete(stream);
  });
  return mine;
}

// ---- the folded-state cache --------------------------------------------------------------------

interface CacheEntry<State> {
  decider: unknown;
  state: State;
  revision: bigint;
  position: bigint;
  lastEventId: string;
  ids: ReadonlySet<string>;
}

/** Least recently used streams go first, when over either bound. */
class StreamStateCache {
  private readonly entries = new Map<string, CacheEntry<unknown>>();
  private idCount = 0;

  constructor(
    private readonly maxStreams: number,
    private readonly maxIds: number,
  ) {}

  get<State>(stream: string, decider: unknown): CacheEntry<State> | undefined {
    const entry = this.entries.get(stream);
    if (!entry || entry.decider !== decider) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry as CacheEntry<State>;
  }

  save<State>(
    stream: string,
    decider: unknown,
    value: {
      state: State;
      revision: bigint;
      position: bigint;
      lastEventId: string;
      ids: Iterable<string>;
    },
  ): void {
    const current = this.entries.get(stream);
    // A slower command must not put back an older state than a faster one saved.
    if (current && current.decider === decider && current.revision > value.revision) return;
    this.drop(stream);
    const ids = new Set(value.ids);
    if (ids.size > this.maxIds) return;
    this.entries.set(stream, { decider, ...value, ids });
    this.idCount += ids.size;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.maxStreams && this.idCount <= this.maxIds) break;
      this.entries.delete(oldest);
      this.idCount -= entry.ids.size;
    }
  }

  drop(stream: string): void {
    const entry = this.entries.get(stream);
    if (!entry) return;
    this.entries.delete(stream);
    this.idCount -= entry.ids.size;
  }
}

const caches = new WeakMap<EventStore, StreamStateCache>();

function cacheFor(store: EventStore): StreamStateCache {
  let cache = caches.get(store);
  if (!cache) {
    // Sized for a clinic group's working set: every series and clinic day touched in the last
    // hours (a series state is a few KiB). A miss only costs one whole-stream read.
    cache = new StreamStateCache(20_000, 400_000);
    caches.set(store, cache);
  }
  return cache;
}
