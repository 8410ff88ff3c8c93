import type { ReminderChannel, ReminderKind } from '../shared/clinical-vocabulary';

/**
 * Facts of the reminders of one appointment, stream `AppointmentReminders-<appointmentId>`.
 * A worker claims a reminder (exact expected revision) before it sends, so two workers never both
 * send; a claim without a result means a worker died mid-send, and the retry sends again with the
 * same idempotency key for the gateway to deduplicate. No clinical detail and no patient data here.
 */

type ReminderRef = {
  appointmentId: string;
  seriesId: string;
  kind: ReminderKind;
  /** The planned instant (ISO 8601): a moved appointment plans a new one. */
  dueAt: string;
};

export type ReminderClaimed = {
  type: 'ReminderClaimed';
  data: ReminderRef & { claimId: string; attempt: number; claimedAt: string };
};

export type ReminderSent = {
  type: 'ReminderSent';
  data: ReminderRef & { channel: ReminderChannel; idempotencyKey: string; sentAt: string };
};

export type ReminderFailed = {
  type: 'ReminderFailed';
  data: ReminderRef & {
    /** What went wrong, without patient data (e.g. "gateway answered 503"). */
    error: string;
    /** true: retries are exhausted or the gateway refused for good; it went to the dead-letter queue. */
    final: boolean;
    attempt: number;
    failedAt: string;
  };
};

export type ReminderSkipped = {
  type: 'ReminderSkipped';
  data: ReminderRef & {
    reason:
      | 'appointment-cancelled'
      | 'appointment-moved'
      | 'no-longer-planned'
      | 'opted-out'
      | 'no-contact';
    skippedAt: string;
  };
};

export type ReminderEvent = ReminderClaimed | ReminderSent | ReminderFailed | ReminderSkipped;

export const REMINDER_EVENT_TYPES: ReadonlyArray<ReminderEvent['type']> = [
  'ReminderClaimed',
  'ReminderSent',
  'ReminderFailed',
  'ReminderSkipped',
];
