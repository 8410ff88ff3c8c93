import {
  type DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type Provider,
} from '@nestjs/common';
import { DEFAULT_CLINICAL_POLICY } from '@app/domain';
import { EventStore } from '@app/event-store';
import { LogNotifier } from './notifier/log-notifier';
import { ReminderNotifier } from './notifier/reminder-notifier.port';
import { WebhookNotifier } from './notifier/webhook-notifier';
import { BullmqReminderWorker } from './processor/bullmq-reminder-worker';
import { SendReminderProcessor } from './processor/send-reminder.processor';
import { BullmqReminderQueue } from './queue/bullmq-reminder-queue';
import { ReminderQueue } from './queue/reminder-queue.port';
import { ReminderReactor } from './reactor/reminder-reactor';
import type { RemindersModuleOptions } from './reminders.options';

export const REMINDERS_OPTIONS = Symbol('REMINDERS_OPTIONS');

export function createReminderNotifier(options: RemindersModuleOptions): ReminderNotifier {
  const webhook = options.notifier?.webhookUrl;
  if (!webhook) return new LogNotifier();
  const secret = options.notifier?.webhookSecret;
  if (!secret) throw new Error('NOTIFY_WEBHOOK_URL is set but NOTIFY_WEBHOOK_SECRET is not');
  return new WebhookNotifier({ url: webhook, secret, timeoutMs: options.notifier?.timeoutMs });
}

/** Starts the reactor and the workers once the app is up; stops them before the event store closes. */
@Injectable()
export class RemindersLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Reminders');

  constructor(
    @Inject(REMINDERS_OPTIONS) private readonly options: RemindersModuleOptions,
    private readonly reactor: ReminderReactor,
    private readonly worker: BullmqReminderWorker,
    @Inject(ReminderQueue) private readonly queue: ReminderQueue,
  ) {}

  onApplicationBootstrap(): void {
    // Neither waits for Redis: both keep retrying in the background, so the app starts without it.
    if (this.options.reactor?.enabled !== false) this.reactor.start();
    if (this.options.worker?.enabled !== false) this.worker.start();
    this.logger.log(
      `reminders: reactor ${this.options.reactor?.enabled !== false ? 'on' : 'off'}, ` +
        `workers ${this.options.worker?.enabled !== false ? `on (concurrency ${this.options.worker?.concurrency ?? 4})` : 'off'}, ` +
        `notifier ${this.options.notifier?.webhookUrl ? 'webhook' : 'log'}`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.worker.close();
    await this.reactor.stop();
    await this.queue.close();
  }
}

function providers(): Provider[] {
  return [
    {
      provide: ReminderQueue,
      inject: [REMINDERS_OPTIONS],
      useFactory: (o: RemindersModuleOptions) =>
        new BullmqReminderQueue({
          redisUrl: o.redisUrl,
          prefix: o.prefix ?? 'lsb',
          queueName: o.queue?.name,
          attempts: o.queue?.attempts,
          backoffMs: o.queue?.backoffMs,
        }),
    },
    // The concrete queue too, for the admin dashboard (Bull Board needs the BullMQ queues).
    { provide: BullmqReminderQueue, useExisting: ReminderQueue },
    { provide: ReminderNotifier, inject: [REMINDERS_OPTIONS], useFactory: createReminderNotifier },
    {
      provide: SendReminderProcessor,
      inject: [EventStore, ReminderQueue, ReminderNotifier, REMINDERS_OPTIONS],
      useFactory: (
        store: EventStore,
        queue: ReminderQueue,
        notifier: ReminderNotifier,
        o: RemindersModuleOptions,
      ) =>
        new SendReminderProcessor(store, queue, notifier, {
          clinic: o.clinic,
          defaultPolicy: o.defaultPolicy ?? DEFAULT_CLINICAL_POLICY,
          timing: o.timing,
          clock: o.clock,
          // below the lock: a redelivered job never takes a live worker's claim for a dead one
          claimTimeoutMs: Math.floor((o.worker?.lockDurationMs ?? 30_000) / 2),
        }),
    },
    {
      provide: ReminderReactor,
      inject: [EventStore, ReminderQueue, REMINDERS_OPTIONS],
      useFactory: (store: EventStore, queue: ReminderQueue, o: RemindersModuleOptions) =>
        new ReminderReactor(store, queue, {
          dataDir: o.dataDir,
          clinic: o.clinic,
          defaultPolicy: o.defaultPolicy ?? DEFAULT_CLINICAL_POLICY,
          timing: o.timing,
          clock: o.clock,
          retryInitialMs: o.reactor?.retryInitialMs,
          retryMaxMs: o.reactor?.retryMaxMs,
          markerCheckIntervalMs: o.reactor?.markerCheckIntervalMs,
        }),
    },
    {
      provide: BullmqReminderWorker,
      inject: [SendReminderProcessor, REMINDERS_OPTIONS],
      useFactory: (processor: SendReminderProcessor, o: RemindersModuleOptions) =>
        new BullmqReminderWorker(processor, {
          redisUrl: o.redisUrl,
          prefix: o.prefix ?? 'lsb',
          queueName: o.queue?.name,
          concurrency: o.worker?.concurrency,
          lockDurationMs: o.worker?.lockDurationMs,
          stalledIntervalMs: o.worker?.stalledIntervalMs,
        }),
    },
    RemindersLifecycle,
  ];
}

const EXPORTS = [
  ReminderQueue,
  ReminderNotifier,
  SendReminderProcessor,
  ReminderReactor,
  BullmqReminderWorker,
];

/**
 * Reminder planning, queue, notifier, reactor and workers. Needs the EventStore port bound
 * (EventStoreModule.forRoot). Embedded in the api by default; apps/worker runs it alone. The
 * ReminderQueue export is what admin routes use (dead letters, the dashboard's BullMQ queues).
 */
@Module({})
export class RemindersModule {
  static forRoot(options: RemindersModuleOptions): DynamicModule {
    return {
      module: RemindersModule,
      providers: [{ provide: REMINDERS_OPTIONS, useValue: options }, ...providers()],
      exports: EXPORTS,
    };
  }

  static forRootAsync(options: {
    imports?: DynamicModule['imports'];
    inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
    useFactory: (...args: never[]) => RemindersModuleOptions | Promise<RemindersModuleOptions>;
  }): DynamicModule {
    return {
      module: RemindersModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: REMINDERS_OPTIONS,
          inject: options.inject ?? [],
          useFactory: options.useFactory,
        },
        ...providers(),
      ],
      exports: EXPORTS,
    };
  }
}
