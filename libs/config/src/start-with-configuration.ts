import { loadEnvironmentConfig, type EnvironmentConfig } from './app-config';
import { loadClinicConfiguration, type ClinicConfiguration } from './clinic-configuration';
import { ConfigurationError } from './config.errors';
import { prepareDataDir } from './data-dir';

/** EX_CONFIG (sysexits.h): the configuration is wrong. */
export const EXIT_BAD_CONFIGURATION = 78;

/**
 * Loads and checks the configuration, then starts an app with it. A bad setting (also one read
 * while the app's modules are assembled, such as REMINDER_*) stops the process with a message
 * naming the setting and exit code 78, not a stack trace.
 */
export async function startWithConfiguration(
  logger: { error(message: string): void },
  start: (env: EnvironmentConfig, clinic: ClinicConfiguration) => Promise<void>,
): Promise<void> {
  try {
    const env = loadEnvironmentConfig();
    const clinic = loadClinicConfiguration(env.clinicConfigPath);
    prepareDataDir(env.dataDir);
    await start(env, clinic);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      logger.error(error.message);
      process.exit(EXIT_BAD_CONFIGURATION);
    }
    throw error;
  }
}
