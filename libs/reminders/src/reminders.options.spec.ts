import { DEMO_CLINIC, loadEnvironmentConfig } from '@app/config';
import { remindersOptionsFromConfig } from './reminders.options';

describe('remindersOptionsFromConfig', () => {
  const env = loadEnvironmentConfig({
    NODE_ENV: 'test',
    DATA_DIR: '/tmp/lsb-data',
    REDIS_URL: 'redis://127.0.0.1:6379/3',
    NOTIFY_WEBHOOK_URL: 'https://gateway.example.test/notify',
    NOTIFY_WEBHOOK_SECRET: 'secret',
  });

  it('takes Redis, the data dir, the webhook and the clinic from the validated configuration', () => {
    const options = remindersOptionsFromConfig(env, DEMO_CLINIC, { processEnv: {} });
    expect(options).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379/3',
      prefix: env.redisKeyPrefix,
      notifier: { webhookUrl: 'https://gateway.example.test/notify', webhookSecret: 'secret' },
      clinic: { name: DEMO_CLINIC.calendar.clinicName, timeZone: DEMO_CLINIC.calendar.timeZone },
      defaultPolicy: DEMO_CLINIC.policy,
      reactor: { enabled: true },
    });
    expect(options.dataDir).toBe(env.dataDir);
  });

  it('runs workers in the api only when embedded; always in apps/worker; tuning from the environment', () => {
    const processEnv = {
      REMINDER_CONCURRENCY: '8',
      REMINDER_ATTEMPTS: '6',
      REMINDER_REACTOR: 'false',
    };
    expect(
      remindersOptionsFromConfig({ ...env, embeddedWorker: false }, DEMO_CLINIC, { processEnv })
        .worker,
    ).toEqual({
      enabled: false,
      concurrency: 8,
    });
    const standalone = remindersOptionsFromConfig({ ...env, embeddedWorker: false }, DEMO_CLINIC, {
      processEnv,
      standaloneWorker: true,
    });
    expect(standalone.worker?.enabled).toBe(true);
    expect(standalone.queue?.attempts).toBe(6);
    expect(standalone.reactor?.enabled).toBe(false);
    expect(() =>
      remindersOptionsFromConfig(env, DEMO_CLINIC, {
        processEnv: { REMINDER_CONCURRENCY: 'many' },
      }),
    ).toThrow(/REMINDER_CONCURRENCY/);
  });
});
