import { type DynamicModule, Module } from '@nestjs/common';
import type { ClinicConfiguration, EnvironmentConfig } from '@app/config';
import { EventStoreModule, eventStoreOptionsFromConfig } from '@app/event-store';
import { RemindersModule, remindersOptionsFromConfig } from '@app/reminders';

/**
 * The worker process: the reminder reactor and BullMQ workers, no HTTP. Run as many copies as
 * needed (each job goes to one worker at a time; claims in the event log cover redeliveries).
 */
@Module({})
export class WorkerModule {
  static forRoot(env: EnvironmentConfig, clinic: ClinicConfiguration): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        EventStoreModule.forRoot(eventStoreOptionsFromConfig(env)),
        RemindersModule.forRoot(
          remindersOptionsFromConfig(env, clinic, { standaloneWorker: true }),
        ),
      ],
    };
  }
}
