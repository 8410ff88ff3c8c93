import { ConsoleLogger } from '@nestjs/common';
import { ConfigurationError, loadEnvironmentConfig } from '@app/config';
import { createApiApplication } from './api.application';

async function main(): Promise<void> {
  const logger = new ConsoleLogger('Main');
  let env;
  try {
    env = loadEnvironmentConfig();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      logger.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApiApplication(env);
  await app.listen({ port: env.port, host: '0.0.0.0' });
  logger.log(`API listening on port ${env.port} (data in ${env.dataDir})`);
}

void main();
