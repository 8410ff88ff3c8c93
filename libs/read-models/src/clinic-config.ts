import type { ClinicCalendar, ClinicalPolicy } from '@app/domain';

/** The clinic the views describe: names of rooms and physicians, its time zone, current policy. */
export interface ClinicConfig {
  calendar: ClinicCalendar;
  /** The clinic's current policy (availability's slot length; reminders of a series without one). */
  policy: ClinicalPolicy;
}
