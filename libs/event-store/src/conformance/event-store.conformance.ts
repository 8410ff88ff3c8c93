/**
 * The one conformance suite every EventStore adapter must pass (docs/architecture.md: the port promises only
 * what EventStoreDB promises). It uses jest globals, so it is not exported from index.ts: an
 * adapter's *.int-spec.ts imports it by relative path.
 *
 * Every test writes to its own streams (a random run id in the name) and reads `$all` only from a
 * position it took itself, so the suite also runs against a shared EventStoreDB server.
 */
import { randomUUID } from 'node:crypto';
import type { AllSubscription, EventStore, EventToAppend, StoredEvent } from '../event-store.port';
import {
  InvalidAppendError,
  InvalidReadError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '../event-store.errors';

export interface ConformanceStore {
  store: EventStore;
  dispose(): Promise<void>;
}

const LIVE_TIMEOUT_MS = 20_000;

function event(
  type = 'SomethingHappened',
  data: unknown = { n: 1 },
  metadata?: EventToAppend['metadata'],
): EventToAppend {
  return { id: randomUUID(), type, data, metadata };
}

function events(count: number, type = 'SomethingHappened'): EventToAppend[] {
  return Array.from({ length: count }, (_, n) => event(type, { n }));
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/**
 * Takes `count` events that pass `filter` from the subscription (others are skipped). Stops the
 * subscription on timeout, so a missing event fails the test instead of hanging it.
 */
async function take(
  subscription: AllSubscription,
  count: number,
  filter: (event: StoredEvent) => boolean,
): Promise<StoredEvent[]> {
  const taken: StoredEvent[] = [];
  const iterator = subscription[Symbol.asyncIterator]();
  const timer = setTimeout(() => void subscription.stop(), LIVE_TIMEOUT_MS);
  try {
    while (taken.length < count) {
      const next = await iterator.next();
      if (next.done) break;
      if (filter(next.value)) taken.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return taken;
}

export function describeEventStoreConformance(
  name: string,
  createStore: () => Promise<ConformanceStore>,
): void {
  describe(`EventStore conformance: ${name}`, () => {
    let store: EventStore;
    let dispose: (() => Promise<void>) | undefined;
    const run = randomUUID().slice(0, 8);
    let counter = 0;
    /** A stream no other test (nor another run on a shared server) writes to. */
    const newStream = (category = 'Conformance') => `${category}-${run}-${++counter}`;

    beforeAll(async () => {
      ({ store, dispose } = await createStore());
    });

    afterAll(async () => {
      await dispose?.();
    });

    describe('expected revisions', () => {
      it("'no-stream' creates a stream and refuses an existing one, reporting its revision", async () => {
        const stream = newStream();
        const first = await store.append(stream, events(2), { expectedRevision: 'no-stream' });
        expect(first.nextRevision).toBe(1n);

        const error = await rejection(
          store.append(stream, events(1), { expectedRevision: 'no-stream' }),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream, expected: 'no-stream', actual: 1n });
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it("'stream-exists' refuses a missing stream ('no-stream') and appends to an existing one", async () => {
        const stream = newStream();
        const error = await rejection(
          store.append(stream, events(1), { expectedRevision: 'stream-exists' }),
        );
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream, expected: 'stream-exists', actual: 'no-stream' });
        expect(await store.readStream(stream)).toEqual([]);

        await store.append(stream, events(1), { expectedRevision: 'no-stream' });
        const result = await store.append(stream, events(2), { expectedRevision: 'stream-exists' });
        expect(result.nextRevision).toBe(2n);
      });

      it("'any' appends whether or not the stream exists", async () => {
        const stream = newStream();
        expect(
          (await store.append(stream, events(1), { expectedRevision: 'any' })).nextRevision,
        ).toBe(0n);
        expect(
          (await store.append(stream, events(3), { expectedRevision: 'any' })).nextRevision,
        ).toBe(3n);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
      });

      it('an exact revision appends only when it is the last revision of the stream', async () => {
        const stream = newStream();
        await store.append(stream, events(2), { expectedRevision: 'no-stream' });
        expect((await store.append(stream, events(1), { expectedRevision: 1n })).nextRevision).toBe(
          2n,
        );

        const stale = await rejection(store.append(stream, events(1), { expectedRevision: 1n }));
        expect(stale).toBeInstanceOf(WrongExpectedRevisionError);
        expect(stale).toMatchObject({ stream, expected: 1n, actual: 2n });

        const ahead = await rejection(store.append(stream, events(1), { expectedRevision: 7n }));
        expect(ahead).toMatchObject({ expected: 7n, actual: 2n });

        const missing = newStream();
        const onMissing = await rejection(
          store.append(missing, events(1), { expectedRevision: 0n }),
        );
        expect(onMissing).toBeInstanceOf(WrongExpectedRevisionError);
        expect(onMissing).toMatchObject({ stream: missing, expected: 0n, actual: 'no-stream' });
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('returns the revision and global position of the last event written', async () => {
        const stream = newStream();
        const result = await store.append(stream, events(3), { expectedRevision: 'no-stream' });
        const stored = await store.readStream(stream);
        expect(result).toEqual({
          nextRevision: stored[2]!.revision,
          position: stored[2]!.position,
        });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
      });
    });

    describe('stored events', () => {
      it('carry id, type, JSON data, metadata with the recorded time, stream, revision and position', async () => {
        const stream = newStream();
        const id = randomUUID().toUpperCase();
        const data = {
          text: 'Łódź – 東京 ✓',
          count: 3,
          ratio: 0.25,
          yes: true,
          none: null,
          list: [1, 'two', { three: 3 }],
        };
        const actor = { id: 'user-7', role: 'front-desk' };
        const before = Date.now();
        await store.append(
          stream,
          [
            {
              id,
              type: 'BlockBooked',
              data,
              metadata: { actor, correlationId: 'corr-1', causationId: 'cause-1' },
            },
          ],
          { expectedRevision: 'no-stream' },
        );
        const [stored] = await store.readStream(stream);
        expect(stored).toEqual({
          id: id.toLowerCase(),
          type: 'BlockBooked',
          data,
          metadata: {
            actor,
            correlationId: 'corr-1',
            causationId: 'cause-1',
            recordedAt: expect.any(String),
          },
          stream,
          revision: 0n,
          position: expect.any(BigInt),
        });
        const recordedAt = Date.parse(stored!.metadata.recordedAt);
        expect(new Date(recordedAt).toISOString()).toBe(stored!.metadata.recordedAt);
        // A generous window: clocks are read on different machines for a remote store.
        expect(recordedAt).toBeGreaterThan(before - 5 * 60_000);
        expect(recordedAt).toBeLessThan(Date.now() + 5 * 60_000);
      });

      it('the store sets recordedAt, whatever the caller passed', async () => {
        const stream = newStream();
        const metadata = {
          recordedAt: '1999-01-01T00:00:00.000Z',
        } as unknown as EventToAppend['metadata'];
        await store.append(stream, [event('X', {}, metadata)], { expectedRevision: 'no-stream' });
        const [stored] = await store.readStream(stream);
        expect(stored!.metadata.recordedAt).not.toBe('1999-01-01T00:00:00.000Z');
      });

      it('leaves out undefined object properties, as JSON does', async () => {
        const stream = newStream();
        await store.append(stream, [event('X', { kept: 1, optional: undefined })], {
          expectedRevision: 'no-stream',
        });
        const [stored] = await store.readStream(stream);
        expect(stored!.data).toStrictEqual({ kept: 1 });
      });
    });

    describe('concurrency', () => {
      it('of 20 concurrent appends with the same expected revision exactly one wins', async () => {
        const stream = newStream();
        await store.append(stream, events(1), { expectedRevision: 'no-stream' });
        const attempts = Array.from({ length: 20 }, (_, n) => [
          event('Attempt', { n }),
          event('Attempt', { n }),
        ]);
        const outcomes = await Promise.allSettled(
          attempts.map((batch) => store.append(stream, batch, { expectedRevision: 0n })),
        );
        const winners = outcomes.flatMap((outcome, n) =>
          outcome.status === 'fulfilled' ? [n] : [],
        );
        expect(winners).toHaveLength(1);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected')
            expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.id).slice(1)).toEqual(attempts[winners[0]!]!.map((e) => e.id));
      });

      it("of 20 concurrent 'no-stream' appends to a new stream exactly one wins", async () => {
        const stream = newStream();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, () =>
            store.append(stream, events(1), { expectedRevision: 'no-stream' }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('a refused append does not fail the appends made alongside it', async () => {
        const [a, b, c] = [newStream(), newStream(), newStream()];
        await store.append(b, events(1), { expectedRevision: 'no-stream' });
        const outcomes = await Promise.allSettled([
          store.append(a, events(1), { expectedRevision: 'no-stream' }),
          store.append(b, events(1), { expectedRevision: 5n }),
          store.append(c, events(2), { expectedRevision: 'no-stream' }),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.readStream(a)).toHaveLength(1);
        expect(await store.readStream(b)).toHaveLength(1);
        expect(await store.readStream(c)).toHaveLength(2);
      });

      it('concurrent appends to different streams all succeed with distinct positions', async () => {
        const streams = Array.from({ length: 10 }, () => newStream());
        const results = await Promise.all(
          streams.map((stream) =>
            store.append(stream, events(2), { expectedRevision: 'no-stream' }),
          ),
        );
        expect(new Set(results.map((r) => r.position)).size).toBe(10);
      });
    });

    describe('idempotent retries', () => {
      it('the same append retried with the same expected revision writes nothing and returns the same result', async () => {
        const stream = newStream();
        await store.append(stream, events(1), { expectedRevision: 'no-stream' });
        const batch = events(3);
        const first = await store.append(stream, batch, { expectedRevision: 0n });
        const retry = await store.append(stream, batch, { expectedRevision: 0n });
        expect(retry).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it("works for 'no-stream' and for 'any'", async () => {
        const created = newStream();
        const batch = events(2);
        const first = await store.append(created, batch, { expectedRevision: 'no-stream' });
        expect(await store.append(created, batch, { expectedRevision: 'no-stream' })).toEqual(
          first,
        );

        const anyStream = newStream();
        const anyBatch = events(2);
        await store.append(anyStream, events(1), { expectedRevision: 'any' });
        const anyFirst = await store.append(anyStream, anyBatch, { expectedRevision: 'any' });
        expect(await store.append(anyStream, anyBatch, { expectedRevision: 'any' })).toEqual(
          anyFirst,
        );
        expect(await store.readStream(created)).toHaveLength(2);
        expect(await store.readStream(anyStream)).toHaveLength(3);
      });

      it('a retry still succeeds after later events were appended', async () => {
        const stream = newStream();
        const batch = events(2);
        const first = await store.append(stream, batch, { expectedRevision: 'no-stream' });
        await store.append(stream, events(2), { expectedRevision: 1n });
        expect(await store.append(stream, batch, { expectedRevision: 'no-stream' })).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('a partial overlap with events already in the stream is a conflict and writes nothing', async () => {
        const stream = newStream();
        const [a, b] = events(2);
        await store.append(stream, [a!, b!], { expectedRevision: 'no-stream' });

        const overlap = await rejection(
          store.append(stream, [a!, event()], { expectedRevision: 'no-stream' }),
        );
        expect(overlap).toBeInstanceOf(WrongExpectedRevisionError);
        const beyond = await rejection(
          store.append(stream, [a!, b!, event()], { expectedRevision: 'no-stream' }),
        );
        expect(beyond).toBeInstanceOf(WrongExpectedRevisionError);
        expect((await store.readStream(stream)).map((e) => e.id)).toEqual([a!.id, b!.id]);
      });
    });

    describe('reading a stream', () => {
      it('reads forwards and backwards, from a revision, with a limit', async () => {
        const stream = newStream();
        await store.append(stream, events(10), { expectedRevision: 'no-stream' });
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, options)).map((e) => Number(e.revision));

        expect(await revisions(undefined)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await revisions({ fromRevision: 7n })).toEqual([7, 8, 9]);
        expect(await revisions({ fromRevision: 2n, maxCount: 3 })).toEqual([2, 3, 4]);
        expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
        expect(await revisions({ direction: 'backwards' })).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', maxCount: 3 })).toEqual([9, 8, 7]);
        expect(await revisions({ direction: 'backwards', fromRevision: 4n, maxCount: 2 })).toEqual([
          4, 3,
        ]);
        expect(await revisions({ fromRevision: 10n })).toEqual([]);
        expect(await revisions({ maxCount: 0 })).toEqual([]);
      });

      it('an unknown stream reads as empty', async () => {
        expect(await store.readStream(newStream())).toEqual([]);
        expect(await store.readStream(newStream(), { direction: 'backwards' })).toEqual([]);
      });
    });

    describe('$all', () => {
      it('holds every event in commit order, with strictly increasing positions', async () => {
        const [a, b] = [newStream(), newStream()];
        const from = (await store.headPosition()) + 1n;
        const written: string[] = [];
        for (const [stream, count] of [
          [a, 2],
          [b, 1],
          [a, 1],
          [b, 3],
        ] as const) {
          const batch = events(count);
          await store.append(stream, batch, { expectedRevision: 'any' });
          written.push(...batch.map((e) => e.id));
        }
        const all = await store.readAll({ fromPosition: from });
        const ours = all.filter((e) => e.stream === a || e.stream === b);
        expect(ours.map((e) => e.id)).toEqual(written);
        for (let i = 1; i < all.length; i++)
          expect(all[i]!.position).toBeGreaterThan(all[i - 1]!.position);
      });

      it('reads forwards and backwards from an inclusive position, with a limit', async () => {
        const stream = newStream();
        await store.append(stream, events(5), { expectedRevision: 'no-stream' });
        const stored = await store.readStream(stream);
        const positions = stored.map((e) => e.position);

        const forwards = await store.readAll({ fromPosition: positions[1], maxCount: 3 });
        expect(forwards.map((e) => e.position)).toEqual(positions.slice(1, 4));
        expect(forwards[0]).toEqual(stored[1]);

        const backwards = await store.readAll({
          fromPosition: positions[3],
          direction: 'backwards',
          maxCount: 3,
        });
        expect(backwards.map((e) => e.position)).toEqual([
          positions[3],
          positions[2],
          positions[1],
        ]);

        const latest = await store.readAll({ direction: 'backwards', maxCount: 1 });
        expect(latest).toHaveLength(1);
        expect(latest[0]!.position).toBeGreaterThanOrEqual(positions[4]!);
        expect(await store.readAll({ fromPosition: positions[0], maxCount: 0 })).toEqual([]);
      });

      it('headPosition is the position of the last event', async () => {
        const result = await store.append(newStream(), events(2), {
          expectedRevision: 'no-stream',
        });
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
        const [latest] = await store.readAll({ direction: 'backwards', maxCount: 1 });
        expect(await store.headPosition()).toBe(latest!.position);
      });
    });

    describe('subscriptions to $all', () => {
      it('resume after the checkpoint: the checkpoint event itself is not delivered again', async () => {
        const stream = newStream();
        await store.append(stream, events(4), { expectedRevision: 'no-stream' });
        const stored = await store.readStream(stream);
        const subscription = store.subscribeToAll({ fromPosition: stored[1]!.position });
        try {
          const got = await take(subscription, 2, (e) => e.stream === stream);
          expect(got.map((e) => e.id)).toEqual([stored[2]!.id, stored[3]!.id]);
        } finally {
          await subscription.stop();
        }
      });

      it('catch up, then deliver live events in order, across streams, without gaps or duplicates', async () => {
        const [a, b] = [newStream(), newStream()];
        const checkpoint = await store.headPosition();
        const history = [...events(3), ...events(2)];
        await store.append(a, history.slice(0, 3), { expectedRevision: 'no-stream' });
        await store.append(b, history.slice(3), { expectedRevision: 'no-stream' });

        const subscription = store.subscribeToAll({ fromPosition: checkpoint });
        try {
          const ours = (e: StoredEvent) => e.stream === a || e.stream === b;
          const caughtUp = await take(subscription, 5, ours);
          expect(caughtUp.map((e) => e.id)).toEqual(history.map((e) => e.id));

          const live = events(6);
          const appended = (async () => {
            for (let i = 0; i < live.length; i += 2) {
              await store.append(i % 4 === 0 ? a : b, live.slice(i, i + 2), {
                expectedRevision: 'any',
              });
            }
          })();
          const delivered = await take(subscription, 6, ours);
          await appended;
          expect(delivered.map((e) => e.id)).toEqual(live.map((e) => e.id));
          const positions = [...caughtUp, ...delivered].map((e) => e.position);
          for (let i = 1; i < positions.length; i++)
            expect(positions[i]).toBeGreaterThan(positions[i - 1]!);
          expect(delivered[0]).toEqual((await store.readStream(a, { fromRevision: 3n }))[0]);
        } finally {
          await subscription.stop();
        }
      });

      it('stop() ends a waiting iteration promptly', async () => {
        const subscription = store.subscribeToAll({ fromPosition: await store.headPosition() });
        const iterator = subscription[Symbol.asyncIterator]();
        // Drain anything another writer may be appending meanwhile, then wait at the live edge.
        const pending = (async () => {
          for (;;) {
            const next = await iterator.next();
            if (next.done) return 'done';
          }
        })();
        await new Promise((resolve) => setTimeout(resolve, 50));
        await subscription.stop();
        await expect(pending).resolves.toBe('done');
      });

      it('two subscribers see the same events in the same order', async () => {
        const stream = newStream();
        const checkpoint = await store.headPosition();
        const [one, two] = [
          store.subscribeToAll({ fromPosition: checkpoint }),
          store.subscribeToAll({ fromPosition: checkpoint }),
        ];
        try {
          const ours = (e: StoredEvent) => e.stream === stream;
          const taking = Promise.all([take(one, 4, ours), take(two, 4, ours)]);
          await store.append(stream, events(2), { expectedRevision: 'no-stream' });
          await store.append(stream, events(2), { expectedRevision: 1n });
          const [first, second] = await taking;
          expect(first).toHaveLength(4);
          expect(second).toEqual(first);
        } finally {
          await Promise.all([one.stop(), two.stop()]);
        }
      });
    });

    describe('soft delete', () => {
      it('makes the stream read as empty; $all keeps its events (as EventStoreDB before a scavenge)', async () => {
        const stream = newStream();
        const written = await store.append(stream, events(2), { expectedRevision: 'no-stream' });
        await store.deleteStream(stream, { expectedRevision: 1n });
        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.readStream(stream, { direction: 'backwards' })).toEqual([]);
        const [inAll] = await store.readAll({ fromPosition: written.position, maxCount: 1 });
        expect(inAll).toMatchObject({ stream, revision: 1n });
      });

      it.each([
        ["'no-stream'", 'no-stream' as const],
        ["'any'", 'any' as const],
        ['the last revision', 1n],
      ])(
        'appending again with %s recreates the stream, continuing the revisions',
        async (_label, expectedRevision) => {
          const stream = newStream();
          await store.append(stream, events(2), { expectedRevision: 'no-stream' });
          await store.deleteStream(stream, { expectedRevision: 'any' });
          const again = events(2);
          expect((await store.append(stream, again, { expectedRevision })).nextRevision).toBe(3n);
          const stored = await store.readStream(stream);
          expect(stored.map((e) => [e.id, e.revision])).toEqual([
            [again[0]!.id, 2n],
            [again[1]!.id, 3n],
          ]);
          expect(
            await rejection(store.append(stream, events(1), { expectedRevision: 'no-stream' })),
          ).toBeInstanceOf(WrongExpectedRevisionError);
        },
      );

      it('checks the expected revision and changes nothing when it is wrong', async () => {
        const stream = newStream();
        await store.append(stream, events(2), { expectedRevision: 'no-stream' });
        const error = await rejection(store.deleteStream(stream, { expectedRevision: 0n }));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ stream, expected: 0n, actual: 1n });
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('tombstone', () => {
      it('forbids every later read, append and delete', async () => {
        const stream = newStream();
        await store.append(stream, events(2), { expectedRevision: 'no-stream' });
        await store.tombstoneStream(stream, { expectedRevision: 1n });

        expect(await rejection(store.readStream(stream))).toBeInstanceOf(StreamDeletedError);
        for (const expectedRevision of ['any', 'no-stream', 1n] as const) {
          const error = await rejection(store.append(stream, events(1), { expectedRevision }));
          expect(error).toBeInstanceOf(StreamDeletedError);
          expect(error).toMatchObject({ stream });
        }
        expect(
          await rejection(store.deleteStream(stream, { expectedRevision: 'any' })),
        ).toBeInstanceOf(StreamDeletedError);
        expect(
          await rejection(store.tombstoneStream(stream, { expectedRevision: 'any' })),
        ).toBeInstanceOf(StreamDeletedError);
      });

      it('can forbid a stream that was never written, or was soft-deleted', async () => {
        const never = newStream();
        await store.tombstoneStream(never, { expectedRevision: 'no-stream' });
        expect(
          await rejection(store.append(never, events(1), { expectedRevision: 'no-stream' })),
        ).toBeInstanceOf(StreamDeletedError);

        const soft = newStream();
        await store.append(soft, events(1), { expectedRevision: 'no-stream' });
        await store.deleteStream(soft, { expectedRevision: 0n });
        await store.tombstoneStream(soft, { expectedRevision: 'any' });
        expect(await rejection(store.readStream(soft))).toBeInstanceOf(StreamDeletedError);
      });

      it('checks the expected revision', async () => {
        const stream = newStream();
        await store.append(stream, events(1), { expectedRevision: 'no-stream' });
        expect(
          await rejection(store.tombstoneStream(stream, { expectedRevision: 'no-stream' })),
        ).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(stream)).toHaveLength(1);
      });
    });

    describe('bad input gets a clear error and writes nothing', () => {
      async function expectRefused(
        append: (stream: string) => Promise<unknown>,
        field: string | RegExp,
      ): Promise<void> {
        const stream = newStream();
        const head = await store.headPosition();
        const error = await rejection(append(stream));
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect((error as InvalidAppendError).field).toMatch(field);
        expect(await store.readStream(stream)).toEqual([]);
        expect(await store.headPosition()).toBe(head);
      }

      it('an event over 1 MiB serialised', async () => {
        const big = 'x'.repeat(1024 * 1024);
        await expectRefused(
          (s) => store.append(s, [event('Big', { big })], { expectedRevision: 'any' }),
          'events[0]',
        );
        // Several large events are fine as long as each is under the limit.
        const stream = newStream();
        const half = 'y'.repeat(400 * 1024);
        await store.append(stream, [event('Half', { half })], { expectedRevision: 'no-stream' });
        expect((await store.readStream(stream))[0]!.data).toEqual({ half });
      });

      it.each([
        ['empty', ''],
        ['starting with $', '$system'],
        ['with a space', 'Clinic Day-1'],
        ['with a trailing newline', 'ClinicDay-1\n'],
        ['with a control character', 'ClinicDay-\u0001'],
        ['with a zero-width space', 'ClinicDay\u200b-1'],
        ['too long', `L-${'x'.repeat(300)}`],
        ['not a string', 42],
      ])('a stream name %s', async (_label, name) => {
        const head = await store.headPosition();
        const error = await rejection(
          store.append(name as string, events(1), { expectedRevision: 'any' }),
        );
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(error).toMatchObject({ field: 'stream' });
        expect(await store.headPosition()).toBe(head);
        expect(await rejection(store.readStream(name as string))).toBeInstanceOf(InvalidReadError);
      });

      const cyclic: Record<string, unknown> = { a: 1 };
      cyclic.self = cyclic;
      it.each([
        ['undefined', undefined, 'events[0].data'],
        ['a function', () => 1, 'events[0].data'],
        ['a nested function', { ok: 1, nested: { fn: () => 1 } }, 'events[0].data.nested.fn'],
        ['a bigint', { amount: 10n }, 'events[0].data.amount'],
        ['a cycle', cyclic, 'events[0].data.self'],
        ['NaN', { value: Number.NaN }, 'events[0].data.value'],
        ['Infinity', { value: Number.POSITIVE_INFINITY }, 'events[0].data.value'],
        ['a Date', { at: new Date(0) }, 'events[0].data.at'],
        ['a Map', { m: new Map() }, 'events[0].data.m'],
        ['an array with undefined', { list: [1, undefined] }, 'events[0].data.list[1]'],
        ['a symbol', { s: Symbol('s') }, 'events[0].data.s'],
      ])('data with %s', async (_label, data, field) => {
        // Built by hand: event()'s default parameters would replace an undefined `data`.
        const bad = { id: randomUUID(), type: 'Bad', data };
        await expectRefused((s) => store.append(s, [bad], { expectedRevision: 'any' }), field);
      });

      it('metadata that is not JSON or not the documented shape', async () => {
        const bad = [
          [{ correlationId: 'c', extra: () => 1 }, 'events[0].metadata.extra'],
          [{ actor: { id: 'u' } }, 'events[0].metadata.actor'],
          [{ correlationId: 7 }, 'events[0].metadata.correlationId'],
          ['not an object', 'events[0].metadata'],
        ] as const;
        for (const [metadata, field] of bad) {
          await expectRefused(
            (s) =>
              store.append(
                s,
                [event('Bad', {}, metadata as unknown as EventToAppend['metadata'])],
                {
                  expectedRevision: 'any',
                },
              ),
            field,
          );
        }
      });

      it.each([
        ['an unknown word', 'latest'],
        ['a negative bigint', -1n],
        ['a number', 3],
        ['null', null],
        ['missing', undefined],
      ])('an expected revision that is %s', async (_label, expectedRevision) => {
        await expectRefused(
          (s) => store.append(s, events(1), { expectedRevision } as never),
          'options.expectedRevision',
        );
        await expectRefused(
          (s) => store.deleteStream(s, { expectedRevision } as never),
          'options.expectedRevision',
        );
      });

      it('no options at all', async () => {
        await expectRefused((s) => store.append(s, events(1), undefined as never), /^options/);
      });

      it('event ids that are not UUIDs, the nil UUID, or repeated inside one append', async () => {
        const id = randomUUID();
        const cases: Array<[EventToAppend[], string]> = [
          [[{ id: 'not-a-uuid', type: 'T', data: {} }], 'events[0].id'],
          [[{ id: '00000000-0000-0000-0000-000000000000', type: 'T', data: {} }], 'events[0].id'],
          [[{ id: 42, type: 'T', data: {} } as unknown as EventToAppend], 'events[0].id'],
          [
            [
              { id, type: 'T', data: {} },
              { id: id.toUpperCase(), type: 'T', data: {} },
            ],
            'events[1].id',
          ],
        ];
        for (const [batch, field] of cases) {
          await expectRefused((s) => store.append(s, batch, { expectedRevision: 'any' }), field);
        }
      });

      it('an empty, reserved or malformed event type', async () => {
        for (const type of ['', '$metadata', 'Block Booked', undefined]) {
          await expectRefused(
            (s) =>
              store.append(s, [{ id: randomUUID(), type: type as string, data: {} }], {
                expectedRevision: 'any',
              }),
            'events[0].type',
          );
        }
      });

      it('no events, or not an array', async () => {
        await expectRefused((s) => store.append(s, [], { expectedRevision: 'any' }), 'events');
        await expectRefused(
          (s) => store.append(s, 'x' as never, { expectedRevision: 'any' }),
          'events',
        );
      });

      it('one bad event refuses the whole append', async () => {
        await expectRefused(
          (s) =>
            store.append(s, [event('Good'), event('Bad', { n: Number.NaN })], {
              expectedRevision: 'any',
            }),
          'events[1].data.n',
        );
      });

      it('bad read options', async () => {
        const stream = newStream();
        const reads: Array<() => Promise<unknown>> = [
          () => store.readStream(stream, { maxCount: -1 }),
          () => store.readStream(stream, { maxCount: 1.5 }),
          () => store.readStream(stream, { fromRevision: -1n }),
          () => store.readStream(stream, { fromRevision: 1 as never }),
          () => store.readStream(stream, { direction: 'sideways' as never }),
          () => store.readAll({ fromPosition: -2n }),
          () => store.readAll({ maxCount: Number.NaN }),
        ];
        for (const read of reads) expect(await rejection(read())).toBeInstanceOf(InvalidReadError);
        expect(() => store.subscribeToAll({ fromPosition: 5 as never })).toThrow(InvalidReadError);
      });
    });
  });
}
