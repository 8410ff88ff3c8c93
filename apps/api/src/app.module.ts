import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Registry } from 'prom-client';
import {
  AdjustableClock,
  Clock,
  ClinicConfiguration,
  type EnvironmentConfig,
  SystemClock,
} from '@app/config';
import { EventStoreModule, eventStoreOptionsFromConfig } from '@app/event-store';
import { ProjectionProgress, ReadModelsModule, registerProjectionMetrics } from '@app/read-models';
import { RemindersModule, remindersOptionsFromConfig } from '@app/reminders';
import { DeadLettersController } from './admin/dead-letters.controller';
import { RebuildProjectionsController } from './admin/rebuild-projections.controller';
import { AppointmentCommandsModule } from './appointments/appointment-commands.module';
import { AuthGuard } from './auth/auth.guard';
import { ViewsRebuild } from './admin/views-rebuild';
import { BACKGROUND_THREAD_DATA, BackgroundThread } from './background/background-thread.host';
import { eventLogWriterThread } from './event-log-writer/event-log-writer.host';
import type { BackgroundThreadData } from './background/background-thread.messages';
import { TokenVerifier } from './auth/token-verifier';
import { GetAvailabilityController } from './availability/get-availability.controller';
import { CommandRunner } from './commands/command-runner';
import { ReadYourWrites } from './commands/read-your-writes';
import { DevClockController } from './dev-clock/dev-clock.controller';
import { HealthController } from './health/health.controller';
import { RedisHealth } from './health/redis-health';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { MetricsController } from './metrics/metrics.controller';
import { createMetricsRegistry } from './metrics/metrics.registry';
import { PatientsModule } from './patients/patients.module';
import { ListResourcesController } from './resources/list-resources.controller';
import { GetDayScheduleController } from './schedule/get-day-schedule.controller';
import { SeriesModule } from './series/series.module';

/** The system clock in production; in development one the admin can set (POST /dev/clock). */
function createClock(env: EnvironmentConfig): Clock {
  return env.nodeEnv === 'production' ? new SystemClock() : new AdjustableClock();
}

/** The tokens the clock answers to: AdjustableClock too in development (POST /dev/clock sets it). */
function clockTokens(clock: Clock): Array<typeof Clock> {
  return clock instanceof AdjustableClock ? [Clock, AdjustableClock] : [Clock];
}

/**
 * What every feature module of the api shares: clock, clinic, command runner, read-your-writes,
 * and the Idempotency-Key handling of every POST route (@CommandPost).
 */
@Module({})
export class ApiCoreModule {
  static forRoot(env: EnvironmentConfig, clinic: ClinicConfiguration, clock: Clock): DynamicModule {
    const tokens = clockTokens(clock);
    return {
      module: ApiCoreModule,
      global: true,
      providers: [
        ...tokens.map((token) => ({ provide: token, useValue: clock })),
        { provide: ClinicConfiguration, useValue: clinic },
        CommandRunner,
        ReadYourWrites,
        {
          provide: IdempotencyStore,
          useFactory: () => new IdempotencyStore(join(env.dataDir, 'idempotency.sqlite')),
        },
        IdempotencyInterceptor,
      ],
      exports: [
        ...tokens,
        ClinicConfiguration,
        CommandRunner,
        ReadYourWrites,
        IdempotencyStore,
        IdempotencyInterceptor,
      ],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(
    env: EnvironmentConfig,
    clinic: ClinicConfiguration,
    logging: BackgroundThreadData['logging'] = env.nodeEnv === 'production' ? 'json' : 'console',
  ): DynamicModule {
    mkdirSync(env.dataDir, { recursive: true });
    const clock = createClock(env);
    const reminders = remindersOptionsFromConfig(env, clinic, { clock: () => clock.now() });
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        EventStoreModule.forRoot({
          ...eventStoreOptionsFromConfig(env),
          // The embedded log commits (and waits for the disk) in a thread of its own.
          sqliteWriter: eventLogWriterThread,
        }),
        // The projections, the reminder reactor and the workers run in the background thread
        // (BackgroundThread): here, the views are only read, and the reminder queue only inspected.
        ReadModelsModule.forRoot({
          dataDir: env.dataDir,
          clinic: { calendar: clinic.calendar, policy: clinic.policy },
          autoStart: false,
        }),
        RemindersModule.forRoot({
          ...reminders,
          reactor: { ...reminders.reactor, enabled: false },
          worker: { ...reminders.worker, enabled: false },
        }),
        ApiCoreModule.forRoot(env, clinic, clock),
        PatientsModule,
        SeriesModule,
        AppointmentCommandsModule,
      ],
      controllers: [
        HealthController,
        MetricsController,
        ListResourcesController,
        GetDayScheduleController,
        GetAvailabilityController,
        RebuildProjectionsController,
        DeadLettersController,
        // POST /dev/clock exists only outside production (docs/http-api.md).
        ...(env.nodeEnv === 'production' ? [] : [DevClockController]),
      ],
      providers: [
        {
          provide: Registry,
          inject: [ProjectionProgress],
          useFactory: (progress: ProjectionProgress) => {
            const registry = createMetricsRegistry();
            registerProjectionMetrics(registry, progress);
            return registry;
          },
        },
        { provide: TokenVerifier, useValue: new TokenVerifier(env) },
        { provide: RedisHealth, useFactory: () => new RedisHealth(env.redisUrl) },
        {
          provide: BACKGROUND_THREAD_DATA,
          useValue: {
            env,
            clinic: { calendar: clinic.calendar, policy: clinic.policy },
            logging,
          } satisfies Omit<BackgroundThreadData, 'clockOffsetMs'>,
        },
        BackgroundThread,
        { provide: ViewsRebuild, useExisting: BackgroundThread },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
