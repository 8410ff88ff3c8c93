/**
 * When each reminder kind goes out (docs/clinical-rules.md "Follow-up and reminders"). Numbers the
 * clinical policy does not carry (it has quiet hours, anticoagulant holds and the follow-up days)
 * live here, with defaults a deployment may override. Whole-day offsets are applied as calendar days in the patient's zone, so
 * a reminder keeps the appointment's wall-clock time across a DST change.
 */
export interface ReminderTiming {
  preProcedureCallHoursBefore: number;
  appointmentReminderHoursBefore: number;
  /** "HH:mm" local, the day before a sedated block. */
  fastingReminderLocalTime: string;
  postProcedureCallHoursAfterDischarge: number;
  /** "HH:mm" local on the days of the policy's follow-up checks (7 and 28 by default). */
  painCheckLocalTime: string;
  /** "HH:mm" local, `bookNextBlockLeadDays` before the first date the next block may take place. */
  bookNextBlockLocalTime: string;
  bookNextBlockLeadDays: number;
  /**
   * How long after its instant a reminder is still worth sending (its purpose lies ahead). Past
   * this, a late reminder is dropped instead of being sent out of context.
   */
  appointmentReminderLatestHoursBefore: number;
  fastingReminderLatestHoursBefore: number;
  postProcedureCallValidHours: number;
  bookNextBlockValidDays: number;
}

export const DEFAULT_REMINDER_TIMING: ReminderTiming = {
  preProcedureCallHoursBefore: 72,
  appointmentReminderHoursBefore: 24,
  fastingReminderLocalTime: '18:00',
  postProcedureCallHoursAfterDischarge: 24,
  painCheckLocalTime: '10:00',
  bookNextBlockLocalTime: '10:00',
  bookNextBlockLeadDays: 2,
  appointmentReminderLatestHoursBefore: 2,
  // clear liquids are allowed up to 2 h before (docs/clinical-rules.md)
  fastingReminderLatestHoursBefore: 2,
  postProcedureCallValidHours: 48,
  bookNextBlockValidDays: 28,
};
