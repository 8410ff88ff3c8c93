import type { EventStore, StoredEvent } from '@app/event-store';

export interface StreamFold<State> {
  initial(): State;
  evolve(state: State, event: StoredEvent): State;
}

interface Entry {
  revision: bigint;
  lastEventId: string;
  state: unknown;
}

/** Streams kept folded per store (least recently read go first). */
const MAX_STREAMS = 20_000;

/**
 * The folded state of a stream, read fresh from the log each time but only from the last revision
 * folded: the stream's last known event is read again with any newer ones, and if it is not there
 * unchanged (deleted, another file) the whole stream is read and folded again. The reminder reactor
 * re-plans a series on each of its events, and the worker re-reads before each delivery: without
 * this, both would read and fold the series and its patient from the start every time. Folds must
 * not change the states they are given.
 */
export async function readFolded<State>(
  store: EventStore,
  stream: string,
  fold: StreamFold<State>,
): Promise<State> {
  const entries = entriesOf(store, fold);
  const entry = entries.get(stream);
  // The store says the stream has not moved since it was folded: nothing to read.
  if (entry && (await store.streamRevision?.(stream)) === entry.revision) {
    entries.delete(stream);
    entries.set(stream, entry);
    return entry.state as State;
  }
  if (entry) {
    const [anchor, ...newer] = await store.readStream(stream, { fromRevision: entry.revision });
    if (anchor && anchor.id === entry.lastEventId && anchor.revision === entry.revision) {
      entries.delete(stream);
      if (newer.length === 0) {
        entries.set(stream, entry);
        return entry.state as State;
      }
      return remember(entries, stream, newer, newer.reduce(fold.evolve, entry.state as State));
    }
    entries.delete(stream);
  }
  const events = await store.readStream(stream);
  return remember(entries, stream, events, events.reduce(fold.evolve, fold.initial()));
}

function remember<State>(
  entries: Map<string, Entry>,
  stream: string,
  events: StoredEvent[],
  state: State,
): State {
  const last = events[events.length - 1];
  if (!last) return state;
  entries.set(stream, { revision: last.revision, lastEventId: last.id, state });
  if (entries.size > MAX_STREAMS) entries.delete(entries.keys().next().value!);
  return state;
}

const caches = new WeakMap<EventStore, WeakMap<StreamFold<unknown>, Map<string, Entry>>>();

function entriesOf(store: EventStore, fold: StreamFold<unknown>): Map<string, Entry> {
  let byFold = caches.get(store);
  if (!byFold) {
    byFold = new WeakMap();
    caches.set(store, byFold);
  }
  let entries = byFold.get(fold);
  if (!entries) {
    entries = new Map();
    byFold.set(fold, entries);
  }
  return entries;
}
