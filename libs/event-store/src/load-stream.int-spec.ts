import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Decider } from '@app/domain';
import { eventIdFor } from './event-id';
import { handleCommand, loadStream } from './handle-command';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

// A tally that refuses to go past 10 (as in handle-command.int-spec.ts).
type TallyCommand = { type: 'Add'; data: { amount: number } };
type TallyEvent = { type: 'Added'; data: { amount: number } };
type TallyState = { total: number };

class LimitExceededError extends Error {}

const tally: Decider<TallyCommand, TallyState, TallyEvent> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
  decide: (command, state) => {
    if (state.total + command.data.amount > 10) throw new LimitExceededError();
    return [{ type: 'Added', data: { amount: command.data.amount } }];
  },
};
const add = (amount: number): TallyCommand => ({ type: 'Add', data: { amount } });

describe('loadStream (a look before another step) and handleCommand', () => {
  let dir: string;
  let store: SqliteEventStore;
  const newStream = () => `Tally-${randomUUID()}`;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'load-stream-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the state a command would decide on; returnEvents false skips the read-back', async () => {
    const stream = newStream();
    await handleCommand(store, stream, tally, add(3), { commandId: 'cmd-1' });
    const seen = await loadStream(store, stream, tally, { commandId: 'cmd-2' });
    expect(seen).toMatchObject({ stream, state: { total: 3 }, revision: 0n });
    expect(seen.alreadyHandled).toBeUndefined();

    const result = await handleCommand(store, stream, tally, add(4), {
      commandId: 'cmd-2',
      returnEvents: false,
    });
    const stored = await store.readStream(stream);
    expect(stored.map((e) => e.id)).toEqual([
      eventIdFor('cmd-1', stream, 0),
      eventIdFor('cmd-2', stream, 0),
    ]);
    expect(result).toEqual({
      events: [],
      nextRevision: 1n,
      position: stored[1]!.position,
      state: { total: 7 },
    });
  });

  it('a stream that moved on since the look: the command decides on the fresh state', async () => {
    const stream = newStream();
    await handleCommand(store, stream, tally, add(3), { commandId: 'cmd-1' });
    const seen = await loadStream(store, stream, tally, { commandId: 'cmd-3' });
    expect(seen.state).toEqual({ total: 3 });
    await handleCommand(store, stream, tally, add(5), { commandId: 'cmd-2' }); // another writer

    // 3 + 4 fits what was seen, but 3 + 5 + 4 does not: the refusal proves the fresh decision.
    await expect(
      handleCommand(store, stream, tally, add(4), { commandId: 'cmd-3' }),
    ).rejects.toBeInstanceOf(LimitExceededError);
    const ok = await handleCommand(store, stream, tally, add(2), { commandId: 'cmd-3' });
    expect(ok.state).toEqual({ total: 10 });
    expect(await store.readStream(stream)).toHaveLength(3);
  });

  it('a command that already ran: the look says so, and handleCommand returns that result again', async () => {
    const stream = newStream();
    const first = await handleCommand(store, stream, tally, add(3), { commandId: 'cmd-1' });
    await handleCommand(store, stream, tally, add(1), { commandId: 'cmd-2' });

    const seen = await loadStream(store, stream, tally, { commandId: 'cmd-1' });
    expect(seen.alreadyHandled).toEqual({ ...first, replayed: true });
    expect(seen.state).toEqual({ total: 4 });
    const again = await handleCommand(store, stream, tally, add(3), { commandId: 'cmd-1' });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.readStream(stream)).toHaveLength(2);
  });
});
