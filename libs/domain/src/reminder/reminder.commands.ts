import type { ReminderChannel, ReminderKind } from '../shared/clinical-vocabulary';
import type { ReminderSkipped } from './reminder.events';

/** Commands of the reminders of one appointment (stream AppointmentReminders-<appointmentId>). */
type Ref = { appointmentId: string; seriesId: string; kind: ReminderKind; dueAt: string };

export type ClaimReminder = {
  type: 'ClaimReminder';
  data: Ref & { claimId: string; attempt: number; now: string };
};

export type RecordReminderSent = {
  type: 'RecordReminderSent';
  data: Ref & { channel: ReminderChannel; idempotencyKey: string; now: string };
};

export type RecordReminderFailed = {
  type: 'RecordReminderFailed';
  data: Ref & { error: string; final: boolean; attempt: number; now: string };
};

export type RecordReminderSkipped = {
  type: 'RecordReminderSkipped';
  data: Ref & { reason: ReminderSkipped['data']['reason']; now: string };
};

export type ReminderCommand =
  ClaimReminder | RecordReminderSent | RecordReminderFailed | RecordReminderSkipped;
