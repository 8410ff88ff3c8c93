import type { ReminderChannel, ReminderKind } from '@app/domain';

export interface NotifierMessage {
  /** Phone number (sms) or e-mail address: patient data, never logged. */
  to: string;
  channel: ReminderChannel;
  subject: string;
  text: string;
  /** The gateway deduplicates on it: a resend after a crash reaches the patient once. */
  idempotencyKey: string;
  /** For logs and the gateway's bookkeeping: no patient data. */
  reminder?: { appointmentId: string; kind: ReminderKind };
}

/**
 * Sends one reminder to the clinic's SMS or e-mail gateway. Throws NotifierTransientError when a
 * retry may succeed (5xx, timeout, connection refused) and NotifierPermanentError when it cannot.
 */
export abstract class ReminderNotifier {
  abstract send(message: NotifierMessage): Promise<void>;
}
