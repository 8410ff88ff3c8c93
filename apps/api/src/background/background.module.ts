import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock, type ClinicConfiguration, type EnvironmentConfig } from '@app/config';
import { EventStoreModule } from '@app/event-store';
import { ReadModelsModule } from '@app/read-models';
import { RemindersModule, remindersOptionsFromConfig } from '@app/reminders';

/**
 * What the api's background thread runs: the projections (their runner and rebuilds, writing the
 * views) and, as configured, the reminder reactor and workers. Its own connections to the event
 * log and the views; no HTTP.
 */
@Module({})
export class BackgroundModule {
  static forRoot(env: EnvironmentConfig, clinic: ClinicConfiguration, clock: Clock): DynamicModule {
    return {
      module: BackgroundModule,
      imports: [
        CqrsModule.forRoot(),
        EventStoreModule.forRoot({
          dataDir: env.dataDir,
          eventStoreConnectionString: env.eventStoreConnectionString,
          sqliteSynchronous: env.sqliteSynchronous,
        }),
        ReadModelsModule.forRoot({
          dataDir: env.dataDir,
          clinic: { calendar: clinic.calendar, policy: clinic.policy },
        }),
        RemindersModule.forRoot(
          remindersOptionsFromConfig(env, clinic, { clock: () => clock.now() }),
        ),
      ],
      providers: [{ provide: Clock, useValue: clock }],
    };
  }
}
