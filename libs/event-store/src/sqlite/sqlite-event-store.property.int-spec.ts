import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import type { ExpectedRevision } from '../event-store.port';
import { SqliteEventStore } from './sqlite-event-store';

/**
 * Random sequences of appends (new events or replays of earlier batches), soft deletes and
 * tombstones on a few streams, against a plain model of EventStoreDB's rules. After every step the
 * store must agree with the model, and $all must stay gap-free in commit order.
 */
type ModelStream = { ids: string[]; truncateBefore: number; state: 'live' | 'soft' | 'tomb' };
type Expectation =
  | { kind: 'no-stream' | 'any' | 'stream-exists' | 'before-replay' }
  | { kind: 'exact'; offset: number };
type Step =
  | { op: 'append'; stream: number; expect: Expectation; fresh: number; replay: number | null }
  | { op: 'delete' | 'tombstone'; stream: number; expect: Expectation };

const expectation = fc.oneof(
  fc.constantFrom(
    { kind: 'no-stream' as const },
    { kind: 'any' as const },
    { kind: 'stream-exists' as const },
  ),
  fc.record({ kind: fc.constant('exact' as const), offset: fc.integer({ min: -2, max: 1 }) }),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('append' as const),
      stream: fc.nat(2),
      expect: expectation,
      fresh: fc.integer({ min: 1, max: 3 }),
      replay: fc.option(fc.nat(3), { freq: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom('delete' as const, 'delete' as const, 'tombstone' as const),
      stream: fc.nat(2),
      expect: expectation,
    }),
  },
);

describe('SqliteEventStore against a model of EventStoreDB rules', () => {
  it('agrees after every step of random histories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-store-model-'));
    let run = 0;
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
          const store = new SqliteEventStore({
            file: join(dir, `model-${run++}.sqlite`),
            synchronous: 'NORMAL',
          });
          try {
            const model: ModelStream[] = [0, 1, 2].map(() => ({
              ids: [],
              truncateBefore: 0,
              state: 'live',
            }));
            const batches: Array<{ stream: number; from: number; ids: string[] }> = [];
            let logSize = 0;
            for (const s of steps) {
              const m = model[s.stream]!;
              const name = `Model-${s.stream}`;
              const last = m.ids.length - 1;
              const exists = m.state === 'live' && last >= 0;
              const earlier = batches.filter((b) => b.stream === s.stream);
              const replay =
                s.op === 'append' && s.replay !== null && earlier.length > 0
                  ? earlier[s.replay % earlier.length]
                  : undefined;
              const expectedFor = (e: Expectation): ExpectedRevision => {
                if (e.kind === 'exact') return BigInt(Math.max(0, last + e.offset));
                if (e.kind !== 'before-replay') return e.kind;
                if (!replay) return 'any';
                return replay.from === 0 ? 'no-stream' : BigInt(replay.from - 1);
              };
              const expected = expectedFor(s.expect);
              const matches =
                expected === 'any' ||
                (expected === 'no-stream' && !exists) ||
                (expected === 'stream-exists' && exists) ||
                (typeof expected === 'bigint' &&
                  Number(expected) === last &&
                  (exists || m.state === 'soft'));

              if (s.op !== 'append') {
                const done = store[s.op === 'delete' ? 'deleteStream' : 'tombstoneStream'](name, {
                  expectedRevision: expected,
                });
                if (m.state === 'tomb')
                  await expect(done).rejects.toBeInstanceOf(StreamDeletedError);
                else if (!matches)
                  await expect(done).rejects.toBeInstanceOf(WrongExpectedRevisionError);
                else {
                  await done;
                  m.state = s.op === 'delete' ? 'soft' : 'tomb';
                  m.truncateBefore = m.ids.length;
                }
                continue;
              }

              const ids = replay ? replay.ids : Array.from({ length: s.fresh }, () => randomUUID());
              const appending = store.append(
                name,
                ids.map((id) => ({ id, type: 'Stepped', data: {} })),
                { expectedRevision: expected },
              );
              if (m.state === 'tomb') {
                await expect(appending).rejects.toBeInstanceOf(StreamDeletedError);
                continue;
              }
              // EventStoreDB's idempotency: the ids already there, in order, where the expectation points.
              const k = ids.length;
              const sameAt = (from: number) =>
                from >= 0 && m.ids.slice(from, from + k).join() === ids.join();
              let idempotentAt: number | undefined;
              let conflict = false;
              if (expected === 'any' || expected === 'stream-exists') {
                const first = m.ids.indexOf(ids[0]!);
                if (first >= 0) {
                  if (sameAt(first)) idempotentAt = first;
                  else conflict = true;
                } else conflict = ids.some((id) => m.ids.includes(id)) || !matches;
              } else if (!matches) {
                const from = (expected === 'no-stream' ? -1 : Number(expected)) + 1;
                if (from <= last && sameAt(from)) idempotentAt = from;
                else conflict = true;
              }

              if (idempotentAt !== undefined) {
                expect((await appending).nextRevision).toBe(BigInt(idempotentAt + k - 1));
              } else if (conflict) {
                await expect(appending).rejects.toBeInstanceOf(WrongExpectedRevisionError);
              } else {
                const result = await appending;
                batches.push({ stream: s.stream, from: m.ids.length, ids });
                m.ids.push(...ids);
                m.state = 'live';
                logSize += ids.length;
                expect(result.nextRevision).toBe(BigInt(m.ids.length - 1));
              }

              const stored = await store.readStream(name);
              expect(stored.map((e) => e.id)).toEqual(m.ids.slice(m.truncateBefore));
              expect(stored.map((e) => Number(e.revision))).toEqual(
                m.ids.slice(m.truncateBefore).map((_, i) => m.truncateBefore + i),
              );
            }
            const all = await store.readAll();
            expect(all.map((e) => e.position)).toEqual(all.map((_, i) => BigInt(i)));
            expect(all).toHaveLength(logSize);
          } finally {
            await store.close();
          }
        }),
        { numRuns: 100 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
