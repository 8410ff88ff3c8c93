import { clinicDateOf, followUpOverdue, type FollowUpPolicy } from '@app/domain';
import type { AppointmentFacts } from '../appointment-view/appointment-view.projection';

export const SCHEDULE_FLAGS = [
  'escort-not-confirmed',
  'anticoagulant-hold-due',
  'follow-up-overdue',
] as const;
export type ScheduleFlag = (typeof SCHEDULE_FLAGS)[number];

/**
 * The open flags of one appointment at `now` (clinic time zone for dates):
 * - escort-not-confirmed: a sedated block not checked in yet (check-in confirms the escort);
 * - anticoagulant-hold-due: the patient takes an anticoagulant with a hold, the hold has begun
 *   (the last dose was due by now) and the patient is not checked in yet (check-in confirms it);
 * - follow-up-overdue: the block was done and one of its pain checks is past its grace with no
 *   follow-up recorded that covers it (the domain's followUpOverdue, days and grace from `policy`).
 * Cancelled and no-show appointments carry no flag.
 */
export function scheduleFlags(
  entry: AppointmentFacts,
  now: string,
  timeZone: string,
  policy: FollowUpPolicy,
): ScheduleFlag[] {
  const flags: ScheduleFlag[] = [];
  const nowMs = Date.parse(now);
  if (entry.status === 'booked') {
    if (entry.sedation) flags.push('escort-not-confirmed');
    if (entry.anticoagulantHoldFrom !== null && nowMs >= Date.parse(entry.anticoagulantHoldFrom)) {
      flags.push('anticoagulant-hold-due');
    }
  }
  if (entry.status === 'performed' || entry.status === 'discharged') {
    const today = clinicDateOf(now, timeZone);
    if (followUpOverdue(entry.clinicDate, entry.followUps, today, policy)) {
      flags.push('follow-up-overdue');
    }
  }
  return flags;
}
