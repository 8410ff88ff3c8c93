import { isMainThread, workerData } from 'node:worker_threads';
import { ConsoleLogger } from '@nestjs/common';
import { startWithConfiguration } from '@app/config';
import { createApiApplication } from './api.application';
import { runApiThread } from './threads/run-api-thread';
import type { ApiThreadData } from './threads/spawn-api-thread';

if (isMainThread) {
  const logger = new ConsoleLogger('Main');
  void startWithConfiguration(logger, async (env, clinic) => {
    const app = await createApiApplication(env, { clinic });
    await app.listen({ port: env.port, host: '0.0.0.0' });
    logger.log(`API listening on port ${env.port} (data in ${env.dataDir})`);
  });
} else {
  // This same file, started by the api as one of its threads (spawnApiThread).
  runApiThread(workerData as ApiThreadData);
}
