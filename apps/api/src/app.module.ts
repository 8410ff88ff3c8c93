import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import type { EnvironmentConfig } from '@app/config';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { HealthController } from './health/health.controller';
import { RedisHealth } from './health/redis-health';
import { ProblemDetailsFilter } from './http/problem-details.filter';

@Module({})
export class AppModule {
  static forRoot(env: EnvironmentConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [HealthController],
      providers: [
        { provide: TokenVerifier, useValue: new TokenVerifier(env) },
        { provide: RedisHealth, useFactory: () => new RedisHealth(env.redisUrl) },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
