import { Logger } from '@nestjs/common';
import { ReminderNotifier, type NotifierMessage } from './reminder-notifier.port';

/** The default notifier: writes that a reminder would be sent. Kind, appointment and channel only. */
export class LogNotifier extends ReminderNotifier {
  private readonly logger = new Logger('LogNotifier');

  async send(message: NotifierMessage): Promise<void> {
    this.logger.log(
      `reminder ${message.reminder?.kind ?? 'unknown-kind'} for appointment ` +
        `${message.reminder?.appointmentId ?? 'unknown'} via ${message.channel} ` +
        `(key ${message.idempotencyKey})`,
    );
  }
}
