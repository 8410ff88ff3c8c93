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
  reactor?: { enabled?: boolean; retryInitialMs?: number; retryMaxMs?: number; markerCheckIntervalMs?: number };
  /** For tests and the dev clock: the planner's `now`. */
  clock?: () => Date;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'off', 'no'].includes(value.toLowerCase());
}

function int(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`expected a positive integer, got "${value}"`);
  return parsed;
}

/**
 * Options from the environment: REDIS_URL, REMINDERS_PREFIX, DATA_DIR, NOTIFY_WEBHOOK_URL,
 * NOTIFY_WEBHOOK_SECRET, NOTIFY_WEBHOOK_TIMEOUT_MS, REMINDER_WORKER (on/off), REMINDER_CONCURRENCY,
 * REMINDER_REACTOR (on/off), REMINDER_ATTEMPTS, REMINDER_BACKOFF_MS. The clinic comes from the
 * clinic configuration (@app/config) of the app that calls this.
 */
export function remindersOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  clinic: RemindersModuleOptions['clinic'],
  overrides: Partial<RemindersModuleOptions> = {},
): RemindersModuleOptions {
  return {
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    prefix: env.REMINDERS_PREFIX || 'lsb',
    dataDir: env.DATA_DIR || './data',
    clinic,
    notifier: {
      webhookUrl: env.NOTIFY_WEBHOOK_URL || null,
      webhookSecret: env.NOTIFY_WEBHOOK_SECRET || null,
      timeoutMs: int(env.NOTIFY_WEBHOOK_TIMEOUT_MS),
    },
    queue: { attempts: int(env.REMINDER_ATTEMPTS), backoffMs: int(env.REMINDER_BACKOFF_MS) },
    worker: { enabled: flag(env.REMINDER_WORKER, true), concurrency: int(env.REMINDER_CONCURRENCY) },
    reactor: { enabled: flag(env.REMINDER_REACTOR, true) },
    ...overrides,
  };
}
