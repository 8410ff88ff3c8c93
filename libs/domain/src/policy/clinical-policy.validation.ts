import { ANTICOAGULANTS } from '../shared/clinical-vocabulary';
import { InvalidConfigurationError } from '../shared/domain-error';
import type { ClinicalPolicy } from './clinical-policy';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

type NumberRule = { integer?: boolean; min: number; max?: number; minExclusive?: boolean };

const NUMBER_FIELDS: Record<
  Exclude<
    keyof ClinicalPolicy,
    'version' | 'anticoagulantHoldHours' | 'quietHoursStart' | 'quietHoursEnd'
  >,
  NumberRule
> = {
  tempRiseMinC: { min: 0, max: 10, minExclusive: true },
  reliefPositivePct: { min: 0, max: 100, minExclusive: true },
  reliefPartialPct: { min: 0, max: 100 },
  observationWindowMinutes: { integer: true, min: 1 },
  minIntervalDays: { integer: true, min: 0 },
  initialSeriesMaxBlocks: { integer: true, min: 1 },
  yearlyMaxBlocks: { integer: true, min: 1 },
  neurolysisMinPositiveBlocks: { integer: true, min: 1 },
  consecutiveTechnicalFailuresForReview: { integer: true, min: 1 },
  roomSlotMinutes: { integer: true, min: 5, max: 24 * 60 },
  recoveryMinutes: { integer: true, min: 0 },
  dischargeMinAldrete: { integer: true, min: 0, max: 10 },
  dischargeMinPadss: { integer: true, min: 0, max: 10 },
  firstFollowUpDay: { integer: true, min: 1 },
  secondFollowUpDay: { integer: true, min: 1 },
  followUpGraceDays: { integer: true, min: 0 },
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkNumber(value: unknown, field: string, rule: NumberRule): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidConfigurationError(field, 'must be a number');
  }
  if (rule.integer && !Number.isInteger(value)) {
    throw new InvalidConfigurationError(field, 'must be a whole number');
  }
  if (rule.minExclusive ? value <= rule.min : value < rule.min) {
    throw new InvalidConfigurationError(
      field,
      `must be ${rule.minExclusive ? '>' : '≥'} ${rule.min}`,
    );
  }
  if (rule.max !== undefined && value > rule.max) {
    throw new InvalidConfigurationError(field, `must be ≤ ${rule.max}`);
  }
  return value;
}

/**
 * Validates a clinical policy from configuration (a clinic's medical director may change every
 * number of docs/clinical-rules.md). The error names the offending field. Unknown fields are refused so a
 * misspelt setting is not silently ignored.
 */
export function validateClinicalPolicy(input: unknown): ClinicalPolicy {
  if (!isRecord(input)) throw new InvalidConfigurationError('policy', 'must be an object');
  const known = new Set<string>([
    'version',
    'anticoagulantHoldHours',
    'quietHoursStart',
    'quietHoursEnd',
    ...Object.keys(NUMBER_FIELDS),
  ]);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw new InvalidConfigurationError(key, 'is not a policy setting');
  }
  if (typeof input.version !== 'string' || input.version.trim() === '') {
    throw new InvalidConfigurationError('version', 'must be a non-empty string');
  }
  const numbers = Object.fromEntries(
    Object.entries(NUMBER_FIELDS).map(([field, rule]) => [
      field,
      checkNumber(input[field], field, rule),
    ]),
  ) as Record<keyof typeof NUMBER_FIELDS, number>;
  if (numbers.reliefPartialPct >= numbers.reliefPositivePct) {
    throw new InvalidConfigurationError('reliefPartialPct', 'must be below reliefPositivePct');
  }
  if (numbers.secondFollowUpDay <= numbers.firstFollowUpDay) {
    throw new InvalidConfigurationError('secondFollowUpDay', 'must be after firstFollowUpDay');
  }
  const holds = input.anticoagulantHoldHours;
  if (!isRecord(holds)) {
    throw new InvalidConfigurationError(
      'anticoagulantHoldHours',
      'must be an object keyed by drug',
    );
  }
  for (const key of Object.keys(holds)) {
    if (!(ANTICOAGULANTS as readonly string[]).includes(key)) {
      throw new InvalidConfigurationError(`anticoagulantHoldHours.${key}`, 'is not a known drug');
    }
  }
  const anticoagulantHoldHours = Object.fromEntries(
    ANTICOAGULANTS.map((drug) => {
      const field = `anticoagulantHoldHours.${drug}`;
      const hours = holds[drug];
      if (hours === undefined) throw new InvalidConfigurationError(field, 'is missing');
      if (hours === null) return [drug, null];
      return [drug, checkNumber(hours, field, { integer: true, min: 0, max: 24 * 30 })];
    }),
  ) as ClinicalPolicy['anticoagulantHoldHours'];
  for (const field of ['quietHoursStart', 'quietHoursEnd'] as const) {
    const value = input[field];
    if (typeof value !== 'string' || !HH_MM.test(value)) {
      throw new InvalidConfigurationError(field, 'must be a time written HH:mm');
    }
  }
  return {
    version: input.version,
    ...numbers,
    anticoagulantHoldHours,
    quietHoursStart: input.quietHoursStart as string,
    quietHoursEnd: input.quietHoursEnd as string,
  };
}
