import type { ClinicalPolicy } from '../policy/clinical-policy';
import type { Anticoagulant } from '../shared/clinical-vocabulary';
import { formatInstant, toMillis } from '../shared/instant';

/**
 * What an anticoagulant means for one appointment (docs/clinical-rules.md, ASRA intermediate risk):
 * - `hold`: the last dose must be taken before `lastDoseBy` (start − hold); the reminder goes out at
 *   `reminderAt`, one day before the hold starts (hold days + 1 before the appointment);
 * - `physician-decides`: aspirin, the physician decides whether to hold (no automatic reminder);
 * - `no-hold`: the policy sets no hold for this drug.
 * The prescriber approves every hold: this only computes the instants.
 */
export type AnticoagulantHold =
  | {
      kind: 'hold';
      drug: Anticoagulant;
      holdHours: number;
      lastDoseBy: string;
      reminderAt: string;
    }
  | { kind: 'physician-decides'; drug: Anticoagulant }
  | { kind: 'no-hold'; drug: Anticoagulant };

const HOUR_MS = 3_600_000;

/**
 * Instants are written in `timeZone`'s offset when given (the clinic's zone: right across a DST
 * change between the hold and the appointment), else in the offset of `appointmentStart`.
 */
export function anticoagulantHold(
  drug: Anticoagulant,
  appointmentStart: string,
  policy: Pick<ClinicalPolicy, 'anticoagulantHoldHours'>,
  timeZone?: string,
): AnticoagulantHold {
  const holdHours = policy.anticoagulantHoldHours[drug];
  if (holdHours === null) return { kind: 'physician-decides', drug };
  if (holdHours === 0) return { kind: 'no-hold', drug };
  const startMs = toMillis(appointmentStart, 'appointmentStart');
  const write = (epochMs: number) =>
    timeZone ? formatInstant(epochMs, timeZone) : withOffsetOf(appointmentStart, epochMs);
  return {
    kind: 'hold',
    drug,
    holdHours,
    lastDoseBy: write(startMs - holdHours * HOUR_MS),
    reminderAt: write(startMs - (holdHours + 24) * HOUR_MS),
  };
}

/** Whether the drug must be held before a block (a hold of more than 0 hours). */
export function requiresHold(
  drug: Anticoagulant,
  policy: Pick<ClinicalPolicy, 'anticoagulantHoldHours'>,
): boolean {
  const hours = policy.anticoagulantHoldHours[drug];
  return hours !== null && hours > 0;
}

function withOffsetOf(reference: string, epochMs: number): string {
  const match = /(Z|[+-]\d{2}:\d{2})$/.exec(reference);
  const offset = match![1];
  const minutes =
    offset === 'Z'
      ? 0
      : (offset.startsWith('-') ? -1 : 1) *
        (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(epochMs + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offset === 'Z' ? 'Z' : offset}`;
}
