import { ConsoleLogger } from '@nestjs/common';
import {
  ConfigurationError,
  loadClinicConfiguration,
  loadEnvironmentConfig,
  prepareDataDir,
} from '@app/config';
import { createApiApplication } from './api.application';

async function main(): Promise<void> {
  const logger = new ConsoleLogger('Main');
  try {
    const env = loadEnvironmentConfig();
    const clinic = loadClinicConfiguration(env.clinicConfigPath);
    prepareDataDir(env.dataDir);
    // Modules read more settings while the app is assembled (REMINDER_*): inside this try too.
    const app = await createApiApplication(env, { clinic });
    await app.listen({ port: env.port, host: '0.0.0.0' });
    logger.log(`API listening on port ${env.port} (data in ${env.dataDir})`);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      logger.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

void main();
