import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { DEFAULT_CLINICAL_POLICY, DEMO_CLINIC_CALENDAR, SeriesNotFoundError } from '@app/domain';
import { EventStore, EventStoreModule } from '@app/event-store';
import { patientRegistered, seriesStory } from '@app/testing';
import { ReadModelDatabase } from './database/read-model-database';
import { ProjectionProgress } from './projection/projection-progress';
import { ProjectionRebuilder } from './projection/projection-rebuilder';
import { ProjectionRunner } from './projection/projection-runner';
import { ReadModelsModule } from './read-models.module';
import { READ_MODELS_FILE, type ReadModelsOptions } from './read-models.options';
import { GetDayScheduleQuery } from './day-schedule/get-day-schedule.query';
import { GetPatientQuery } from './patient-view/get-patient.query';
import { GetSeriesQuery } from './series-view/get-series.query';
import { appendToStore } from './testing/view-test-kit';

const clinic = { calendar: DEMO_CLINIC_CALENDAR, policy: DEFAULT_CLINICAL_POLICY };

describe('ReadModelsModule', () => {
  let dir: string;

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'read-models-module-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function boot(options: Partial<ReadModelsOptions> = {}) {
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({ dataDir: dir, sqliteSynchronous: 'NORMAL' }),
        ReadModelsModule.forRoot({ dataDir: dir, clinic, ...options }),
      ],
    }).compile();
    return moduleRef.init();
  }

  it('runs the projections on bootstrap and answers queries on the QueryBus; stops on shutdown', async () => {
    const app = await boot();
    const store = app.get(EventStore);
    const queries = app.get(QueryBus);
    const progress = app.get(ProjectionProgress);
    expect(existsSync(join(dir, READ_MODELS_FILE))).toBe(true);

    const story = seriesStory().booked();
    const position = await appendToStore(store, [patientRegistered(), ...story.events]);
    expect(await progress.waitFor(position, 10_000)).toBe('caught-up');

    const series = await queries.execute(new GetSeriesQuery('series-1'));
    expect(series).toMatchObject({ id: 'series-1', state: 'open', recommendation: null });
    const patient = await queries.execute(new GetPatientQuery('patient-1'));
    expect(patient.series.map((s) => s.id)).toEqual(['series-1']);
    const day = await queries.execute(
      new GetDayScheduleQuery('2027-03-02', '2027-03-01T12:00:00-05:00'),
    );
    expect(day.rooms[0]!.appointments).toHaveLength(1);
    await expect(queries.execute(new GetSeriesQuery('nope'))).rejects.toBeInstanceOf(
      SeriesNotFoundError,
    );

    const runner = app.get(ProjectionRunner);
    const db = app.get(ReadModelDatabase);
    expect(app.get(ProjectionRebuilder).status().state).toBe('idle');
    await app.close();
    expect(runner.isRunning).toBe(false);
    expect(db.isOpen).toBe(false);
  });

  it('with autoStart off, answers (empty views) and lets the caller start the runner', async () => {
    const app = await boot({ autoStart: false });
    try {
      const store = app.get(EventStore);
      const progress = app.get(ProjectionProgress);
      const position = await appendToStore(store, seriesStory().events);
      await expect(
        app.get(QueryBus).execute(new GetSeriesQuery('series-1')),
      ).rejects.toBeInstanceOf(SeriesNotFoundError);
      expect(await progress.waitFor(position, 50)).toBe('timed-out');
      app.get(ProjectionRunner).start();
      expect(await progress.waitFor(position, 10_000)).toBe('caught-up');
      expect((await app.get(QueryBus).execute(new GetSeriesQuery('series-1'))).state).toBe('open');
    } finally {
      await app.close();
    }
  });

  it('rebuilds through the exported rebuilder while the app runs', async () => {
    const app = await boot();
    try {
      const store = app.get(EventStore);
      const position = await appendToStore(store, seriesStory().blockDone().events);
      await app.get(ProjectionProgress).waitFor(position, 10_000);
      const result = await app.get(ProjectionRebuilder).rebuild();
      expect(result.position).toBe(position.toString());
      expect(app.get(ProjectionRunner).isRunning).toBe(true);
      const series = await app.get(QueryBus).execute(new GetSeriesQuery('series-1'));
      expect(series.blocks).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
