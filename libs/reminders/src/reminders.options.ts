import { ConfigurationError, type ClinicConfiguration, type EnvironmentConfig } from '@app/config';
import type { ClinicalPolicy } from '@app/domain';
import type { ReminderTiming } from './planner/reminder-timing';

export interface RemindersModuleOptions {
  /** REDIS_URL */
  redisUrl: string;
  /** BullMQ key prefix, one per deployment (REMINDERS_PREFIX). Default `lsb`. */
  prefix?: string;
  /** DATA_DIR: the reactor's checkpoint file lives there. */
  dataDir: string;
  clinic: { name: string; timeZone: string; phone?: string | null };
  /** For a series without a recorded policy. Default DEFAULT_CLINICAL_POLICY. */
  defaultPolicy?: ClinicalPolicy;
  timing?: ReminderTiming;
  /** NOTIFY_WEBHOOK_URL set → the webhook notifier (NOTIFY_WEBHOOK_SECRET required); else the log notifier. */
  notifier?: { webhookUrl?: string | null; webhookSecret?: string | null; timeoutMs?: number };
  queue?: { name?: string; attempts?: number; backoffMs?: number };
  /** BullMQ workers in this process (default on: the embedded default runs them inside the api). */
  worker?: {
    enabled?: boolean;
    concurrency?: number;
    lockDurationMs?: number;
    stalledIntervalMs?: number;
  };
  /** The reactor in this process (default on). One per deployment is enough; more are harmless. */
  reactor?: {
    enabled?: boolean;
    retryInitialMs?: number;
    retryMaxMs?: number;
    markerCheckIntervalMs?: number;
  };
  /** For tests and the dev clock: the planner's `now`. */
  clock?: () => Date;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'on', 'yes'].includes(value.toLowerCase())) return true;
  if (['0', 'false', 'off', 'no'].includes(value.toLowerCase())) return false;
  throw new ConfigurationError(name, `must be true or false (got "${value}")`);
}

function int(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const value = env[name]?.trim();
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) {
    throw new ConfigurationError(name, `must be a positive integer (got "${value}")`);
  }
  return parsed;
}

/**
 * The module's options from the validated environment and clinic configuration (@app/config),
 * plus the reminder tuning variables: REMINDER_CONCURRENCY, REMINDER_ATTEMPTS,
 * REMINDER_BACKOFF_MS, NOTIFY_WEBHOOK_TIMEOUT_MS, REMINDER_REACTOR (default true). Workers run
 * when `env.embeddedWorker` (the api) or when `standaloneWorker` (apps/worker) says so.
 */
export function remindersOptionsFromConfig(
  env: EnvironmentConfig,
  clinic: ClinicConfiguration,
  options: { standaloneWorker?: boolean; processEnv?: NodeJS.ProcessEnv; clock?: () => Date } = {},
): RemindersModuleOptions {
  const processEnv = options.processEnv ?? process.env;
  return {
    redisUrl: env.redisUrl,
    prefix: env.redisKeyPrefix,
    dataDir: env.dataDir,
    clinic: { name: clinic.calendar.clinicName, timeZone: clinic.calendar.timeZone },
    defaultPolicy: clinic.policy,
    notifier: {
      webhookUrl: env.notifyWebhookUrl ?? null,
      webhookSecret: env.notifyWebhookSecret ?? null,
      timeoutMs: int(processEnv, 'NOTIFY_WEBHOOK_TIMEOUT_MS'),
    },
    queue: {
      attempts: int(processEnv, 'REMINDER_ATTEMPTS'),
      backoffMs: int(processEnv, 'REMINDER_BACKOFF_MS'),
    },
    worker: {
      enabled: options.standaloneWorker ? true : env.embeddedWorker,
      concurrency: int(processEnv, 'REMINDER_CONCURRENCY'),
    },
    reactor: { enabled: flag(processEnv, 'REMINDER_REACTOR', true) },
    clock: options.clock,
  };
}
