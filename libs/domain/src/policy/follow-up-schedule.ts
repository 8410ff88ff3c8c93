import type { FollowUp } from '../appointment/appointment.state';
import { addDays } from '../shared/instant';
import type { ClinicalPolicy } from './clinical-policy';

/**
 * The pain checks after a block (docs/clinical-rules.md "Follow-up and reminders"): on the clinic
 * dates `firstFollowUpDay` and `secondFollowUpDay` after the block's, each with
 * `followUpGraceDays` either side. The day schedule's follow-up-overdue flag and the pain-check
 * reminders both read them here.
 */
export type FollowUpPolicy = Pick<
  ClinicalPolicy,
  'firstFollowUpDay' | 'secondFollowUpDay' | 'followUpGraceDays'
>;

export interface FollowUpCheck {
  /** Days after the block's clinic date. */
  day: number;
  /** The check's clinic date. */
  date: string;
  /** The last clinic date the check is on time: without a follow-up covering it, overdue the day after. */
  lastOnTimeDate: string;
}

/** The first and the second pain check after a block done on `blockDate` (clinic dates). */
export function followUpChecks(
  blockDate: string,
  policy: FollowUpPolicy,
): [FollowUpCheck, FollowUpCheck] {
  const check = (day: number): FollowUpCheck => ({
    day,
    date: addDays(blockDate, day),
    lastOnTimeDate: addDays(blockDate, day + policy.followUpGraceDays),
  });
  return [check(policy.firstFollowUpDay), check(policy.secondFollowUpDay)];
}

/** A follow-up recorded from the check's day − grace on covers it (a later one covers it too). */
export function followUpCovers(
  followUp: Pick<FollowUp, 'daysAfter'>,
  check: Pick<FollowUpCheck, 'day'>,
  policy: FollowUpPolicy,
): boolean {
  return followUp.daysAfter >= check.day - policy.followUpGraceDays;
}

/** Whether on `today` (a clinic date) a pain check of the block is past its grace, not covered. */
export function followUpOverdue(
  blockDate: string,
  followUps: ReadonlyArray<Pick<FollowUp, 'daysAfter'>>,
  today: string,
  policy: FollowUpPolicy,
): boolean {
  return followUpChecks(blockDate, policy).some(
    (check) =>
      today > check.lastOnTimeDate && !followUps.some((f) => followUpCovers(f, check, policy)),
  );
}
