import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { EventStoreClosedError } from './event-store.errors';
import { EventStoreModule } from './event-store.module';
import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

@Injectable()
class NeedsTheStore {
  constructor(@Inject(EventStore) readonly store: EventStore) {}
}

// Does not import EventStoreModule: the module is global.
@Module({ providers: [NeedsTheStore] })
class FeatureModule {}

describe('EventStoreModule', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'event-store-module-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds SQLite at <dataDir>/events.sqlite for every module, and closes it on shutdown', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const moduleRef = await Test.createTestingModule({
      imports: [EventStoreModule.forRoot({ dataDir }), FeatureModule],
    }).compile();
    // The application context alone: no HTTP adapter is needed to run the lifecycle hooks.
    const app = await moduleRef.init();

    const { store } = app.get(NeedsTheStore);
    expect(store).toBeInstanceOf(SqliteEventStore);
    expect(app.get(EventStore)).toBe(store);
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
    await store.append(
      'Module-1',
      [{ id: '6f1c2a54-8a7e-4c1b-9a55-2b1d3c4e5f60', type: 'T', data: {} }],
      {
        expectedRevision: 'no-stream',
      },
    );

    await app.close();
    await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreClosedError);
  });

  it('binds EventStoreDB when a connection string is given', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({
          dataDir: dir,
          eventStoreConnectionString: 'esdb://127.0.0.1:2113?tls=false',
        }),
      ],
    }).compile();
    expect(moduleRef.get(EventStore)).toBeInstanceOf(EsdbEventStore);
    await moduleRef.close();
    expect(existsSync(join(dir, 'events.sqlite'))).toBe(false);
  });
});
