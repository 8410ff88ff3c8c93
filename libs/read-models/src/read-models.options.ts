import type { ClinicCalendar, ClinicalPolicy } from '@app/domain';
import type { RebuildParts } from './projection/rebuild-parts';

/** The clinic the views describe: names of rooms and physicians, its time zone, current policy. */
export interface ClinicConfig {
  calendar: ClinicCalendar;
  /** The clinic's current policy (availability's slot length; reminders of a series without one). */
  policy: ClinicalPolicy;
}

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
