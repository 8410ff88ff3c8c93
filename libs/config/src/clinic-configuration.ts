import { readFileSync } from 'node:fs';
import {
  type ClinicCalendar,
  type ClinicalPolicy,
  DEFAULT_CLINICAL_POLICY,
  DEMO_CLINIC_CALENDAR,
  validateClinicCalendar,
  validateClinicalPolicy,
} from '@app/domain';
import { ConfigurationError } from './config.errors';

/** The clinic the app serves: its calendar (zone, hours, physicians, rooms) and its clinical policy. */
export class ClinicConfiguration {
  constructor(
    readonly calendar: ClinicCalendar,
    readonly policy: ClinicalPolicy,
  ) {}
}

/** The built-in demo clinic (CLINIC_CONFIG unset). */
export const DEMO_CLINIC = new ClinicConfiguration(DEMO_CLINIC_CALENDAR, DEFAULT_CLINICAL_POLICY);

/**
 * Reads CLINIC_CONFIG: a JSON file `{ "calendar": {...}, "policy": {...} }`. The calendar is
 * required; `policy` holds only the values the medical director changed (with a new `version`),
 * the rest are the defaults of docs/clinical-rules.md. Any mistake stops the start, naming the setting.
 */
export function loadClinicConfiguration(path: string | undefined): ClinicConfiguration {
  if (path === undefined) return DEMO_CLINIC;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON';
    throw new ConfigurationError('CLINIC_CONFIG', `${path}: ${reason}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigurationError(
      'CLINIC_CONFIG',
      `${path}: must be a JSON object with "calendar" and "policy"`,
    );
  }
  const { calendar, policy, ...unknown } = raw as Record<string, unknown>;
  const extra = Object.keys(unknown);
  if (extra.length > 0) {
    throw new ConfigurationError(
      'CLINIC_CONFIG',
      `${path}: unknown setting "${extra[0]}" (expected calendar, policy)`,
    );
  }
  if (
    policy !== undefined &&
    (typeof policy !== 'object' || policy === null || Array.isArray(policy))
  ) {
    throw new ConfigurationError('CLINIC_CONFIG', `${path}: policy must be an object`);
  }
  try {
    const validCalendar = validateClinicCalendar(calendar);
    const merged = {
      ...DEFAULT_CLINICAL_POLICY,
      ...(policy as Record<string, unknown> | undefined),
    };
    if (policy !== undefined && !('version' in (policy as object))) {
      throw new Error(
        'policy.version must be set when the policy changes defaults (docs/clinical-rules.md)',
      );
    }
    return new ClinicConfiguration(validCalendar, validateClinicalPolicy(merged));
  } catch (error) {
    throw new ConfigurationError('CLINIC_CONFIG', `${path}: ${(error as Error).message}`);
  }
}
