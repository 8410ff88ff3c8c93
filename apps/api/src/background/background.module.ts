import { join } from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { Clock, type ClinicConfiguration, type EnvironmentConfig } from '@app/config';
import { EventStoreModule, eventStoreOptionsFromConfig } from '@app/event-store';
import { READ_MODELS_FILE, ReadModelsModule } from '@app/read-models';
import { RemindersModule, remindersOptionsFromConfig } from '@app/reminders';
import { rebuildInThreads } from '../threads/rebuild-in-threads';

/**
 * What the api's background thread runs: the projections (their runner and rebuilds, writing the
 * views) and, as configured, the reminder reactor and workers. Its own connections to the event
 * log and the views; no HTTP.
 */
@Module({})
export class BackgroundModule {
  static forRoot(env: EnvironmentConfig, clinic: ClinicConfiguration, clock: Clock): DynamicModule {
    const eventStoreOptions = eventStoreOptionsFromConfig(env);
    return {
      module: BackgroundModule,
      imports: [
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(eventStoreOptions),
        ReadModelsModule.forRoot({
          dataDir: env.dataDir,
          clinic: { calendar: clinic.calendar, policy: clinic.policy },
          rebuildParts: rebuildInThreads({
            eventStore: eventStoreOptions,
            readModelsFile: join(env.dataDir, READ_MODELS_FILE),
          }),
        }),
        RemindersModule.forRoot(
          remindersOptionsFromConfig(env, clinic, { clock: () => clock.now() }),
        ),
      ],
      providers: [{ provide: Clock, useValue: clock }],
    };
  }
}
