import { ConsoleLogger } from '@nestjs/common';
import { ConfigurationError, loadClinicConfiguration, loadEnvironmentConfig } from '@app/config';
import { createApiApplication } from './api.application';

async function main(): Promise<void> {
  const logger = new ConsoleLogger('Main');
  let env;
  let clinic;
  try {
    env = loadEnvironmentConfig();
    clinic = loadClinicConfiguration(env.clinicConfigPath);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      logger.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createApiApplication(env, { clinic });
  await app.listen({ port: env.port, host: '0.0.0.0' });
  logger.log(`API listening on port ${env.port} (data in ${env.dataDir})`);
}

void main();
