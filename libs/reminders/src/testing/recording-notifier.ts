import { ReminderNotifier, type NotifierMessage } from '../notifier/reminder-notifier.port';

/** Test-only notifier: records every message; `failWith` queues errors to throw first. */
export class RecordingNotifier extends ReminderNotifier {
  readonly sent: NotifierMessage[] = [];
  readonly failWith: Error[] = [];
  /** Called before recording: lets a test hold a send in flight. */
  beforeSend: ((message: NotifierMessage) => Promise<void>) | null = null;

  async send(message: NotifierMessage): Promise<void> {
    if (this.beforeSend) await this.beforeSend(message);
    const error = this.failWith.shift();
    if (error) throw error;
    this.sent.push(message);
  }
}
