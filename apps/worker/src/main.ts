import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { startWithConfiguration } from '@app/config';
import { WorkerModule } from './worker.module';

/** apps/worker: reminders only (reactor + BullMQ workers), as a Nest application context. */
const logger = new ConsoleLogger('Worker');

void startWithConfiguration(logger, async (env, clinic) => {
  // Redis may be down: nothing here waits for it; the reactor and workers retry in the background.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env, clinic), {
    logger,
  });
  app.enableShutdownHooks();
  logger.log(`reminder worker running (data in ${env.dataDir})`);
});
