import { addDays, clinicDateOf } from '@app/domain';
import type { AppointmentFacts } from '../appointment-view/appointment-view.projection';

export const SCHEDULE_FLAGS = [
  'escort-not-confirmed',
  'anticoagulant-hold-due',
  'follow-up-overdue',
] as const;
export type ScheduleFlag = (typeof SCHEDULE_FLAGS)[number];

/** The pain checks CLINICAL.md asks for after a block (days after the procedure). */
export const FOLLOW_UP_DAYS = [7, 28] as const;

/**
 * Days of grace around a follow-up: the day-d call counts when recorded from day d − 2 on (a later
 * one covers it too), and it is overdue only once day d + 2 has ended (clinic dates) without one.
 */
export const FOLLOW_UP_GRACE_DAYS = 2;

/**
 * The open flags of one appointment at `now` (clinic time zone for dates):
 * - escort-not-confirmed: a sedated block not checked in yet (check-in confirms the escort);
 * - anticoagulant-hold-due: the patient takes an anticoagulant with a hold, the hold has begun
 *   (the last dose was due by now) and the patient is not checked in yet (check-in confirms it);
 * - follow-up-overdue: the block was done and a day-7 or day-28 follow-up is past its grace with
 *   no follow-up recorded that covers it.
 * Cancelled and no-show appointments carry no flag.
 */
export function scheduleFlags(
  entry: AppointmentFacts,
  now: string,
  timeZone: string,
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
    const overdue = FOLLOW_UP_DAYS.some(
      (days) =>
        today > addDays(entry.clinicDate, days + FOLLOW_UP_GRACE_DAYS) &&
        !entry.followUps.some((f) => f.daysAfter >= days - FOLLOW_UP_GRACE_DAYS),
    );
    if (overdue) flags.push('follow-up-overdue');
  }
  return flags;
}
