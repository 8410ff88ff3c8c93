import { accessSync, constants, mkdirSync } from 'node:fs';
import { ConfigurationError } from './config.errors';

/**
 * Creates DATA_DIR if needed and checks that it is a writable directory, so a wrong path stops the
 * start with a message naming the setting instead of a crash deep inside a SQLite adapter.
 */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    accessSync(dataDir, constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const reason =
      code === 'EEXIST' || code === 'ENOTDIR' ? 'is not a directory' : `cannot be used (${code})`;
    throw new ConfigurationError('DATA_DIR', `${dataDir} ${reason}`);
  }
}
