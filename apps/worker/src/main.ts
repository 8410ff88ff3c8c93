import { ConsoleLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigurationError, loadClinicConfiguration, loadEnvironmentConfig } from '@app/config';
import { WorkerModule } from './worker.module';

/** apps/worker: reminders only (reactor + BullMQ workers), as a Nest application context. */
async function main(): Promise<void> {
  const logger = new ConsoleLogger('Worker');
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
  // Redis may be down: nothing here waits for it; the reactor and workers retry in the background.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env, clinic), {
    logger,
  });
  app.enableShutdownHooks();
  logger.log(`reminder worker running (data in ${env.dataDir})`);
}

void main();
