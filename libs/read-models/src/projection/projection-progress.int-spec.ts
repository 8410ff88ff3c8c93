import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@app/event-store';
import { ProjectionProgress, type ProjectionState } from './projection-progress';

describe('ProjectionProgress followed from another thread', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'progress-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('relays every change of the running side, and the following side answers waiters from it', async () => {
    const running = new ProjectionProgress(store);
    const following = new ProjectionProgress(store);
    running.register(['series-view', 'availability']);
    following.register(['series-view', 'availability']);
    const relayed: Array<[string, ProjectionState]> = [];
    running.onChange((name, state) => {
      relayed.push([name, state]);
      following.follow(name, state);
    });

    const waiting = following.waitFor(4n, 5_000);
    running.started('series-view', 3n);
    running.started('availability', -1n);
    running.advanced('series-view', 4n);
    running.advanced('availability', 4n);
    await expect(waiting).resolves.toBe('caught-up');
    expect(relayed.map(([name, state]) => [name, state.position])).toEqual([
      ['series-view', 3n],
      ['availability', -1n],
      ['series-view', 4n],
      ['availability', 4n],
    ]);

    running.failed('availability', 5n, 'the view cannot take this event');
    await expect(following.waitFor(5n, 5_000)).resolves.toBe('projection-stopped');
    expect(following.state('availability')).toEqual({
      running: false,
      position: 4n,
      error: { position: 5n, message: 'the view cannot take this event' },
    });
    expect((await following.status()).find((s) => s.name === 'availability')?.status).toBe(
      'stopped',
    );
  });

  it('an unknown projection reads as not running, before any event', () => {
    expect(new ProjectionProgress(store).state('nope')).toEqual({
      running: false,
      position: -1n,
      error: null,
    });
  });
});
