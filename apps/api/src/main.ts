import { isMainThread, workerData } from 'node:worker_threads';
import { ConsoleLogger } from '@nestjs/common';
import { startWithConfiguration } from '@app/config';
import { createApiApplication } from './api.application';
import { runBackgroundThread } from './background/background-thread';
import type { BackgroundThreadData } from './background/background-thread.messages';

if (isMainThread) {
  const logger = new ConsoleLogger('Main');
  void startWithConfiguration(logger, async (env, clinic) => {
    const app = await createApiApplication(env, { clinic });
    await app.listen({ port: env.port, host: '0.0.0.0' });
    logger.log(`API listening on port ${env.port} (data in ${env.dataDir})`);
  });
} else {
  // This same file, started by the api as its background thread (projections and reminders).
  runBackgroundThread(workerData as BackgroundThreadData).catch((error: unknown) => {
    new ConsoleLogger('Background').error(`could not start: ${(error as Error).message}`);
    process.exit(1);
  });
}
