import { ConsoleLogger } from '@nestjs/common';
import { startWithConfiguration } from '@app/config';
import { createApiApplication } from './api.application';

/** The request thread: the HTTP app on the configured port (it starts the api's other threads). */
export function startApi(): void {
  const logger = new ConsoleLogger('Main');
  void startWithConfiguration(logger, async (env, clinic) => {
    const app = await createApiApplication(env, { clinic });
    await app.listen({ port: env.port, host: '0.0.0.0' });
    logger.log(`API listening on port ${env.port} (data in ${env.dataDir})`);
  });
}
