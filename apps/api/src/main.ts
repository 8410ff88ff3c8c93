import { ConsoleLogger } from '@nestjs/common';
import { startWithConfiguration } from '@app/config';
import { createApiApplication } from './api.application';

const logger = new ConsoleLogger('Main');

void startWithConfiguration(logger, async (env, clinic) => {
  const app = await createApiApplication(env, { clinic });
  await app.listen({ port: env.port, host: '0.0.0.0' });
  logger.log(`API listening on port ${env.port} (data in ${env.dataDir})`);
});
