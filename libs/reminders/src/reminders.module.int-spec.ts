import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { EventStore, EventStoreModule } from '@app/event-store';
import { DateTime } from 'luxon';
import { LogNotifier } from './notifier/log-notifier';
import { ReminderNotifier } from './notifier/reminder-notifier.port';
import { WebhookNotifier } from './notifier/webhook-notifier';
import { BullmqReminderQueue } from './queue/bullmq-reminder-queue';
import { ReminderQueue } from './queue/reminder-queue.port';
import { ReminderReactor } from './reactor/reminder-reactor';
import { createReminderNotifier, RemindersModule } from './reminders.module';
import { ReminderScenario } from './testing/reminder-scenario';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const clinic = { name: 'Riverside Pain Clinic', timeZone: 'America/New_York' };

describe('RemindersModule', () => {
  it('the log notifier is the default; NOTIFY_WEBHOOK_URL selects the webhook and needs its secret', () => {
    const base = { redisUrl: REDIS_URL, dataDir: '/tmp', clinic };
    expect(createReminderNotifier(base)).toBeInstanceOf(LogNotifier);
    expect(
      createReminderNotifier({
        ...base,
        notifier: { webhookUrl: 'http://127.0.0.1:9/x', webhookSecret: 's' },
      }),
    ).toBeInstanceOf(WebhookNotifier);
    expect(() =>
      createReminderNotifier({ ...base, notifier: { webhookUrl: 'http://127.0.0.1:9/x' } }),
    ).toThrow(/NOTIFY_WEBHOOK_SECRET/);
  });

  it('runs embedded with the event store: a booking becomes delayed jobs; it shuts down cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'reminders-module-'));
    const prefix = `test-module-${randomUUID()}`;
    const moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({ dataDir }),
        RemindersModule.forRoot({
          redisUrl: REDIS_URL,
          prefix,
          dataDir,
          clinic,
          worker: { enabled: false },
        }),
      ],
    }).compile();
    const app = moduleRef;
    await app.init();
    const queue = app.get(BullmqReminderQueue);
    try {
      expect(app.get(ReminderQueue)).toBe(queue);
      expect(app.get(ReminderNotifier)).toBeInstanceOf(LogNotifier);
      const store = app.get(EventStore);
      const start = DateTime.now()
        .setZone(clinic.timeZone)
        .plus({ days: 10 })
        .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
      const { appointmentId } = await new ReminderScenario(store).bookedBlock(start.toISO()!, {
        bookedAt: new Date().toISOString(),
      });
      await app.get(ReminderReactor).waitForPosition(await store.headPosition(), 30_000);
      const jobs = await queue.list({ states: ['delayed'] });
      expect(jobs.map((j) => j.jobId).sort()).toEqual(
        ['appointment-reminder', 'fasting-and-escort', 'pre-procedure-call'].map(
          (k) => `reminder-${appointmentId}-${k}`,
        ),
      );
      await queue.obliterate();
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
