import type { ClinicConfig } from './clinic-config';
import type { RebuildParts } from './projection/rebuild-parts';

export type { ClinicConfig } from './clinic-config';

export interface ReadModelsOptions {
  /** DATA_DIR: the views live in `<dataDir>/read-models.sqlite`. */
  dataDir: string;
  clinic: ClinicConfig;
  /** Start the projection runner on application bootstrap. Default true. */
  autoStart?: boolean;
  /** Most events per transaction while a projection catches up. Default 500. */
  maxBatch?: number;
  /** Rebuild in parts, in threads (the app knows how to start them). Default: in this thread. */
  rebuildParts?: RebuildParts;
}

export const READ_MODELS_OPTIONS = Symbol('READ_MODELS_OPTIONS');

export const READ_MODELS_FILE = 'read-models.sqlite';
