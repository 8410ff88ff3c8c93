import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ClinicConfiguration,
  type EnvironmentConfig,
  loadClinicConfiguration,
} from '@app/config';
import { Registry } from 'prom-client';
import { mountQueueDashboard } from './admin/queue-dashboard';
import { AppModule } from './app.module';
import { recordHttpMetrics } from './metrics/http-metrics';
import { createHttpDurationHistogram } from './metrics/metrics.registry';
import { setUpOpenApi } from './docs/openapi';
import { createValidationPipe } from './http/validation.pipe';

/** Request bodies above this are refused with 413 (docs/http-api.md). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the HTTP app (used by start-api.ts and by the end-to-end tests). Call listen() on it. */
export async function createApiApplication(
  env: EnvironmentConfig,
  options: { logger?: ConsoleLogger | false; clinic?: ClinicConfiguration } = {},
): Promise<NestFastifyApplication> {
  const clinic = options.clinic ?? loadClinicConfiguration(env.clinicConfigPath);
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, logger: false });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(
      env,
      clinic,
      options.logger === false ? 'off' : env.nodeEnv === 'production' ? 'json' : 'console',
    ),
    adapter,
    {
      logger: options.logger ?? new ConsoleLogger({ json: env.nodeEnv === 'production' }),
      abortOnError: false,
    },
  );
  app.useGlobalPipes(createValidationPipe());
  recordHttpMetrics(adapter.getInstance(), createHttpDurationHistogram(app.get(Registry)));
  app.enableShutdownHooks();
  setUpOpenApi(app);
  await mountQueueDashboard(app);
  return app;
}
