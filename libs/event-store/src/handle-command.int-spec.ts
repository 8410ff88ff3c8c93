import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decider } from '@app/domain';
import { eventIdFor } from './event-id';
import { WrongExpectedRevisionError } from './event-store.errors';
import type { AppendOptions, AppendResult, EventToAppend } from './event-store.port';
import { handleCommand } from './handle-command';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

// A small made-up aggregate: a tally that refuses to go past its limit.
type TallyCommand =
  { type: 'Add'; data: { amount: number } } | { type: 'Noop'; data: Record<string, never> };
type TallyEvent =
  { type: 'Added'; data: { amount: number } } | { type: 'LimitReached'; data: { total: number } };
type TallyState = { total: number; full: boolean };

class LimitExceededError extends Error {
  readonly code = 'limit-exceeded';
}

const LIMIT = 10;
const tally: Decider<TallyCommand, TallyState, TallyEvent> = {
  initialState: () => ({ total: 0, full: false }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'Added':
        return { ...state, total: state.total + event.data.amount };
      case 'LimitReached':
        return { ...state, full: true };
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'Noop':
        return [];
      case 'Add': {
        const total = state.total + command.data.amount;
        if (total > LIMIT) throw new LimitExceededError(`total would be ${total}`);
        const added: TallyEvent = { type: 'Added', data: { amount: command.data.amount } };
        return total === LIMIT ? [added, { type: 'LimitReached', data: { total } }] : [added];
      }
    }
  },
};

const add = (amount: number): TallyCommand => ({ type: 'Add', data: { amount } });

describe('handleCommand', () => {
  let dir: string;
  let store: SqliteEventStore;
  const others: SqliteEventStore[] = [];
  const newStream = () => `Tally-${randomUUID()}`;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'handle-command-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  });

  afterEach(async () => {
    for (const other of others.splice(0)) await other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads, decides and appends with deterministic ids and the metadata given', async () => {
    const stream = newStream();
    const actor = { id: 'user-1', role: 'front-desk' };
    const result = await handleCommand(store, stream, tally, add(4), {
      commandId: 'cmd-1',
      actor,
      correlationId: 'corr-1',
    });

    expect(result.state).toEqual({ total: 4, full: false });
    expect(result.nextRevision).toBe(0n);
    expect(result.events).toEqual(await store.readStream(stream));
    expect(result.events[0]).toMatchObject({
      id: eventIdFor('cmd-1', stream, 0),
      type: 'Added',
      data: { amount: 4 },
      metadata: { actor, correlationId: 'corr-1', causationId: 'cmd-1' },
    });
    expect(result.position).toBe(result.events[0]!.position);

    const second = await handleCommand(store, stream, tally, add(6), { commandId: 'cmd-2' });
    expect(second.events.map((e) => [e.type, e.id])).toEqual([
      ['Added', eventIdFor('cmd-2', stream, 0)],
      ['LimitReached', eventIdFor('cmd-2', stream, 1)],
    ]);
    expect(second).toMatchObject({ nextRevision: 2n, state: { total: 10, full: true } });
  });

  it.each([true, false])(
    'the same command id twice writes one set of events and returns the same result (cache %s)',
    async (cache) => {
      const stream = newStream();
      const first = await handleCommand(store, stream, tally, add(10), {
        commandId: 'cmd-once',
        cache,
      });
      const again = await handleCommand(store, stream, tally, add(10), {
        commandId: 'cmd-once',
        cache,
      });
      expect(again).toEqual({ ...first, replayed: true });
      expect(first.replayed).toBeUndefined();
      expect(await store.readStream(stream)).toHaveLength(2);

      // Still the first answer after other commands moved the stream on (a late retry).
      await handleCommand(
        store,
        stream,
        tally,
        { type: 'Noop', data: {} },
        { commandId: 'cmd-noop', cache },
      );
      const later = newStream();
      await handleCommand(store, later, tally, add(1), { commandId: 'cmd-a', cache });
      await handleCommand(store, later, tally, add(2), { commandId: 'cmd-b', cache });
      await handleCommand(store, later, tally, add(3), { commandId: 'cmd-c', cache });
      const retried = await handleCommand(store, later, tally, add(2), {
        commandId: 'cmd-b',
        cache,
      });
      expect(retried).toMatchObject({ nextRevision: 1n, state: { total: 3 }, replayed: true });
      expect(await store.readStream(later)).toHaveLength(3);
    },
  );

  it('a refusal propagates untouched and writes nothing', async () => {
    const stream = newStream();
    await handleCommand(store, stream, tally, add(8), { commandId: 'cmd-1' });
    const refused = handleCommand(store, stream, tally, add(5), { commandId: 'cmd-2' });
    await expect(refused).rejects.toBeInstanceOf(LimitExceededError);
    await expect(refused).rejects.toMatchObject({ code: 'limit-exceeded' });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('a command that decides nothing appends nothing and returns the current revision and state', async () => {
    const stream = newStream();
    const empty = await handleCommand(
      store,
      stream,
      tally,
      { type: 'Noop', data: {} },
      { commandId: 'noop-1' },
    );
    expect(empty).toEqual({
      events: [],
      nextRevision: -1n,
      position: -1n,
      state: { total: 0, full: false },
    });

    const written = await handleCommand(store, stream, tally, add(3), { commandId: 'cmd-1' });
    const noop = await handleCommand(
      store,
      stream,
      tally,
      { type: 'Noop', data: {} },
      { commandId: 'noop-2' },
    );
    expect(noop).toEqual({
      events: [],
      nextRevision: 0n,
      position: written.position,
      state: { total: 3, full: false },
    });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('retries the whole read-decide-append when another writer got in first', async () => {
    const stream = newStream();
    await handleCommand(store, stream, tally, add(1), { commandId: 'cmd-1' });
    let decisions = 0;
    const racing: typeof tally = {
      ...tally,
      decide: (command, state) => {
        decisions += 1;
        if (decisions === 1) {
          // Another writer appends between this command's read and its append.
          void store.append(stream, [{ id: randomUUID(), type: 'Added', data: { amount: 5 } }], {
            expectedRevision: 0n,
          });
        }
        return tally.decide(command, state);
      },
    };
    const result = await handleCommand(store, stream, racing, add(4), { commandId: 'cmd-2' });
    expect(decisions).toBe(2);
    expect(result).toMatchObject({ nextRevision: 3n, state: { total: 10, full: true } });
  });

  it('re-decides after a conflict, so a rule broken by the other writer refuses the command', async () => {
    const stream = newStream();
    await handleCommand(store, stream, tally, add(1), { commandId: 'cmd-1' });
    let raced = false;
    const racing: typeof tally = {
      ...tally,
      decide: (command, state) => {
        if (!raced) {
          raced = true;
          void store.append(stream, [{ id: randomUUID(), type: 'Added', data: { amount: 8 } }], {
            expectedRevision: 0n,
          });
        }
        return tally.decide(command, state);
      },
    };
    await expect(
      handleCommand(store, stream, racing, add(4), { commandId: 'cmd-2' }),
    ).rejects.toBeInstanceOf(LimitExceededError);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('gives up after maxAttempts conflicts with the WrongExpectedRevisionError', async () => {
    let appends = 0;
    const alwaysConflicting = Object.create(store) as SqliteEventStore;
    alwaysConflicting.append = async (
      stream: string,
      _events: EventToAppend[],
      options: AppendOptions,
    ): Promise<AppendResult> => {
      appends += 1;
      throw new WrongExpectedRevisionError(stream, options.expectedRevision, 99n);
    };
    await expect(
      handleCommand(alwaysConflicting, newStream(), tally, add(1), {
        commandId: 'cmd-1',
        maxAttempts: 3,
      }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(appends).toBe(3);
  });

  it('20 concurrent commands on one stream all land, each exactly once', async () => {
    const stream = newStream();
    const big: typeof tally = {
      ...tally,
      decide: (command, state) => tally.decide(command, { ...state, total: 0 }),
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        handleCommand(store, stream, big, add(0), { commandId: `cmd-${n}`, maxAttempts: 50 }),
      ),
    );
    const stored = await store.readStream(stream);
    expect(stored).toHaveLength(20);
    expect(new Set(stored.map((e) => e.id)).size).toBe(20);
    expect(new Set(results.map((r) => r.nextRevision)).size).toBe(20);
  });

  it('commands on one stream in this process take turns: none fails its expected revision', async () => {
    const stream = newStream();
    const other = newStream();
    const unbounded: typeof tally = {
      ...tally,
      decide: (command, state) => tally.decide(command, { ...state, total: 0 }),
    };
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        handleCommand(store, n % 3 === 0 ? other : stream, unbounded, add(1), {
          commandId: `turn-${n}`,
          maxAttempts: 1, // a conflict would throw
        }),
      ),
    );
    expect(results.filter((_, n) => n % 3 !== 0).map((r) => r.nextRevision)).toEqual(
      Array.from({ length: 20 }, (_, i) => BigInt(i)),
    );
    expect(await store.readStream(other)).toHaveLength(10);
    // A refusal in the queue does not stop the commands behind it.
    const refused = handleCommand(store, stream, unbounded, add(LIMIT + 1), {
      commandId: 'turn-refused',
    });
    const after = handleCommand(store, stream, unbounded, add(1), { commandId: 'turn-after' });
    await expect(refused).rejects.toBeInstanceOf(LimitExceededError);
    await expect(after).resolves.toMatchObject({ nextRevision: 20n });
  });

  it('the cache sees events another process appended', async () => {
    const stream = newStream();
    await handleCommand(store, stream, tally, add(2), { commandId: 'cmd-1' });
    const otherProcess = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    others.push(otherProcess);
    await otherProcess.append(stream, [{ id: randomUUID(), type: 'Added', data: { amount: 3 } }], {
      expectedRevision: 0n,
    });

    const result = await handleCommand(store, stream, tally, add(1), { commandId: 'cmd-2' });
    expect(result).toMatchObject({ nextRevision: 2n, state: { total: 6 } });
  });

  it('the cache does not outlive a soft delete', async () => {
    const stream = newStream();
    await handleCommand(store, stream, tally, add(9), { commandId: 'cmd-1' });
    await store.deleteStream(stream, { expectedRevision: 'any' });
    const result = await handleCommand(store, stream, tally, add(5), { commandId: 'cmd-2' });
    expect(result).toMatchObject({ nextRevision: 1n, state: { total: 5 } });
  });
});
