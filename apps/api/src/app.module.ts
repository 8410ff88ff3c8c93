import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { Registry } from 'prom-client';
import { AdjustableClock, Clock, type EnvironmentConfig, SystemClock } from '@app/config';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { DevClockController } from './dev-clock/dev-clock.controller';
import { HealthController } from './health/health.controller';
import { RedisHealth } from './health/redis-health';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyStore } from './idempotency/idempotency.store';
import { MetricsController } from './metrics/metrics.controller';
import { createMetricsRegistry } from './metrics/metrics.registry';

function clockProviders(env: EnvironmentConfig): Provider[] {
  if (env.nodeEnv === 'production') return [{ provide: Clock, useValue: new SystemClock() }];
  const clock = new AdjustableClock();
  return [
    { provide: AdjustableClock, useValue: clock },
    { provide: Clock, useValue: clock },
  ];
}

@Module({})
export class AppModule {
  static forRoot(env: EnvironmentConfig): DynamicModule {
    mkdirSync(env.dataDir, { recursive: true });
    return {
      module: AppModule,
      controllers: [
        HealthController,
        MetricsController,
        // POST /dev/clock exists only outside production (API.md).
        ...(env.nodeEnv === 'production' ? [] : [DevClockController]),
      ],
      providers: [
        ...clockProviders(env),
        { provide: Registry, useFactory: createMetricsRegistry },
        { provide: TokenVerifier, useValue: new TokenVerifier(env) },
        { provide: RedisHealth, useFactory: () => new RedisHealth(env.redisUrl) },
        {
          provide: IdempotencyStore,
          useFactory: () => new IdempotencyStore(join(env.dataDir, 'idempotency.sqlite')),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    };
  }
}
