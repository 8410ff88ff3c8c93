import { join } from 'node:path';
import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStore } from '@app/event-store';
import { FindAppointmentHandler } from './appointment-view/find-appointment.handler';
import { GetAppointmentHandler } from './appointment-view/get-appointment.handler';
import { GetAvailabilityHandler } from './availability/get-availability.handler';
import { ListUnconfirmedReservationsHandler } from './availability/list-unconfirmed-reservations.handler';
import { ReadModelDatabase } from './database/read-model-database';
import { GetDayScheduleHandler } from './day-schedule/get-day-schedule.handler';
import { GetPatientHandler } from './patient-view/get-patient.handler';
import { ProjectionProgress } from './projection/projection-progress';
import { ProjectionRebuilder } from './projection/projection-rebuilder';
import { ProjectionRunner } from './projection/projection-runner';
import { schemaOf } from './projection/projection';
import { PROJECTIONS } from './projection/projections';
import {
  READ_MODELS_FILE,
  READ_MODELS_OPTIONS,
  type ReadModelsOptions,
} from './read-models.options';
import { GetSeriesHistoryHandler } from './series-history/get-series-history.handler';
import { GetSeriesHandler } from './series-view/get-series.handler';
import { ListSeriesHandler } from './series-view/list-series.handler';

export const QUERY_HANDLERS = [
  GetSeriesHandler,
  ListSeriesHandler,
  GetPatientHandler,
  GetAppointmentHandler,
  FindAppointmentHandler,
  GetDayScheduleHandler,
  GetAvailabilityHandler,
  ListUnconfirmedReservationsHandler,
  GetSeriesHistoryHandler,
];

/** Starts the runner when the app is up; stops it (and a rebuild) before the event store closes. */
@Injectable()
export class ReadModelsLifecycle
  implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown
{
  constructor(
    @Inject(READ_MODELS_OPTIONS) private readonly options: ReadModelsOptions,
    @Inject(ReadModelDatabase) private readonly db: ReadModelDatabase,
    @Inject(ProjectionRunner) private readonly runner: ProjectionRunner,
    @Inject(ProjectionRebuilder) private readonly rebuilder: ProjectionRebuilder,
    @Inject(ProjectionProgress) private readonly progress: ProjectionProgress,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.autoStart !== false) this.runner.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.rebuilder.cancel();
    await this.runner.stop();
    this.progress.releaseWaiters();
  }

  onApplicationShutdown(): void {
    this.db.close();
  }
}

/**
 * The read side: projections into `<dataDir>/read-models.sqlite`, their runner, rebuild, and the
 * query handlers (registered on @nestjs/cqrs's QueryBus). Needs the global EventStoreModule.
 * Exports ProjectionProgress (waitFor, /health), ProjectionRebuilder and ProjectionRunner.
 */
@Module({})
export class ReadModelsModule {
  static forRoot(options: ReadModelsOptions): DynamicModule {
    return {
      module: ReadModelsModule,
      // Global: the api's commands wait on ProjectionProgress (read-your-writes) from every module.
      global: true,
      imports: [CqrsModule],
      providers: [
        { provide: READ_MODELS_OPTIONS, useValue: options },
        {
          provide: ReadModelDatabase,
          useFactory: () => {
            const db = ReadModelDatabase.open(join(options.dataDir, READ_MODELS_FILE));
            // Queries answer (empty) even before the runner starts.
            db.ensureCurrent(schemaOf(PROJECTIONS));
            return db;
          },
        },
        {
          provide: ProjectionProgress,
          useFactory: (store: EventStore) => new ProjectionProgress(store),
          inject: [EventStore],
        },
        {
          provide: ProjectionRunner,
          useFactory: (store: EventStore, db: ReadModelDatabase, progress: ProjectionProgress) =>
            new ProjectionRunner(store, db, PROJECTIONS, options.clinic, progress, {
              maxBatch: options.maxBatch,
            }),
          inject: [EventStore, ReadModelDatabase, ProjectionProgress],
        },
        {
          provide: ProjectionRebuilder,
          useFactory: (store: EventStore, db: ReadModelDatabase, runner: ProjectionRunner) =>
            new ProjectionRebuilder(store, db, PROJECTIONS, options.clinic, runner, {
              parts: options.rebuildParts,
            }),
          inject: [EventStore, ReadModelDatabase, ProjectionRunner],
        },
        ReadModelsLifecycle,
        ...QUERY_HANDLERS,
      ],
      exports: [ProjectionProgress, ProjectionRebuilder, ProjectionRunner, ReadModelDatabase],
    };
  }
}
