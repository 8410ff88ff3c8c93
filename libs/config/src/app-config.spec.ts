import { loadEnvironmentConfig } from './app-config';

describe('environment configuration', () => {
  it('has the embedded defaults', () => {
    const config = loadEnvironmentConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      redisKeyPrefix: 'lsb',
      devTokens: true,
      embeddedWorker: true,
      sqliteSynchronous: 'FULL',
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.eventStoreConnectionString).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ EVENTSTORE_CONNECTION_STRING: 'postgres://x' }, 'EVENTSTORE_CONNECTION_STRING'],
    [{ REDIS_KEY_PREFIX: 'a:b' }, 'REDIS_KEY_PREFIX'],
    [{ EMBEDDED_WORKER: 'maybe' }, 'EMBEDDED_WORKER'],
    [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS'],
    [{ NOTIFY_WEBHOOK_URL: 'https://sms.example/hook' }, 'NOTIFY_WEBHOOK_SECRET'],
    [{ NODE_ENV: 'production' }, 'JWT_ISSUER'],
    [{ JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'lsb' }, 'JWT_JWKS_URL'],
    [{ JWT_ISSUER: 'https://idp', JWT_AUDIENCE: 'lsb', JWT_SECRET: 'short' }, 'JWT_SECRET'],
  ])('refuses %j naming %s', (env, setting) => {
    expect(() => loadEnvironmentConfig(env)).toThrow(
      new RegExp(`Configuration error in ${setting}:`),
    );
  });

  it('turns development tokens off in production', () => {
    const config = loadEnvironmentConfig({
      NODE_ENV: 'production',
      JWT_ISSUER: 'https://idp.example',
      JWT_AUDIENCE: 'lsb-api',
      JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      EVENTSTORE_CONNECTION_STRING: 'esdb://eventstore:2113?tls=false',
    });
    expect(config.devTokens).toBe(false);
    expect(config.jwt).toMatchObject({ issuer: 'https://idp.example', audience: 'lsb-api' });
    expect(config.eventStoreConnectionString).toBe('esdb://eventstore:2113?tls=false');
  });
});
