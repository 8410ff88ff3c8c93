/**
 * Test-only child process: a reminder worker that is killed (SIGKILL) right after the gateway
 * accepted a reminder, before it could record ReminderSent — the worst moment to die.
 * Env: EVENTS_FILE, REDIS_URL, PREFIX, WEBHOOK_URL, WEBHOOK_SECRET, LOCK_MS.
 */
import { DEFAULT_CLINICAL_POLICY } from '@app/domain';
import { SqliteEventStore } from '@app/event-store';
import { ReminderNotifier, type NotifierMessage } from '../notifier/reminder-notifier.port';
import { WebhookNotifier } from '../notifier/webhook-notifier';
import { BullmqReminderWorker } from '../processor/bullmq-reminder-worker';
import { SendReminderProcessor } from '../processor/send-reminder.processor';
import { BullmqReminderQueue } from '../queue/bullmq-reminder-queue';

class DyingNotifier extends ReminderNotifier {
  constructor(private readonly inner: ReminderNotifier) {
    super();
  }

  async send(message: NotifierMessage): Promise<void> {
    await this.inner.send(message);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined);
  }
}

const env = process.env as Record<string, string>;
const store = new SqliteEventStore({ file: env.EVENTS_FILE });
const queue = new BullmqReminderQueue({ redisUrl: env.REDIS_URL, prefix: env.PREFIX });
const notifier = new DyingNotifier(
  new WebhookNotifier({ url: env.WEBHOOK_URL, secret: env.WEBHOOK_SECRET }),
);
const processor = new SendReminderProcessor(store, queue, notifier, {
  clinic: { name: 'Riverside Pain Clinic', timeZone: 'America/New_York' },
  defaultPolicy: DEFAULT_CLINICAL_POLICY,
  claimTimeoutMs: Number(env.LOCK_MS) / 2,
});
new BullmqReminderWorker(processor, {
  redisUrl: env.REDIS_URL,
  prefix: env.PREFIX,
  lockDurationMs: Number(env.LOCK_MS),
  stalledIntervalMs: Number(env.LOCK_MS) / 2,
}).start();
