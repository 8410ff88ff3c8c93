import type { EnvironmentConfig } from '@app/config';
import type { ClinicCalendar, ClinicalPolicy } from '@app/domain';
import type { ProjectionState, RebuildResult, RebuildStatus } from '@app/read-models';

/** What the api hands its background thread when it starts it (structured-cloned). */
export interface BackgroundThreadData {
  env: EnvironmentConfig;
  clinic: { calendar: ClinicCalendar; policy: ClinicalPolicy };
  /** The development clock's shift from real time when the thread starts (0 in production). */
  clockOffsetMs: number;
  /** How the thread logs: as the api does (console or JSON lines), or not at all (tests). */
  logging: 'console' | 'json' | 'off';
}

/** From the api's request thread to its background thread. */
export type ToBackgroundThread =
  { type: 'clock'; offsetMs: number } | { type: 'rebuild'; id: number } | { type: 'stop' };

/** From the background thread to the api's request thread. */
export type FromBackgroundThread =
  | { type: 'ready' }
  | { type: 'progress'; changes: Array<[name: string, state: ProjectionState]> }
  | { type: 'rebuild-status'; status: RebuildStatus }
  | { type: 'rebuild-finished'; id: number; result?: RebuildResult; error?: string }
  | { type: 'stopped' };
