import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import request from 'supertest';
import { loadEnvironmentConfig } from '@app/config';
import { createApiApplication } from '../../apps/api/src/api.application';

export type Role = 'front-desk' | 'nurse' | 'physician' | 'admin';

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  dataDir: string;
  redisKeyPrefix: string;
  /** A supertest agent for the app, authenticated as `role` (dev tokens). */
  as(role: Role | null): AuthenticatedAgent;
  close(): Promise<void>;
}

type Method = 'get' | 'post';
export type AuthenticatedAgent = Record<Method, (path: string) => request.Test>;

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Deletes every key under a prefix (BullMQ queues of one test run). */
export async function deleteRedisKeys(prefix: string, redisUrl = REDIS_URL): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis down (an outage test): nothing to clean.
  } finally {
    redis.disconnect();
  }
}

export function uniquePrefix(): string {
  return `lsbtest-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Supertest agents for an app at `url` (in-process or its own process), per role (dev tokens). */
export function agentFor(url: string): (role: Role | null) => AuthenticatedAgent {
  const agent = request(url);
  return (role) => {
    const withAuth = (test: request.Test) =>
      role ? test.set('authorization', `Bearer dev-${role}`) : test;
    return {
      get: (path) => withAuth(agent.get(path)),
      post: (path) => withAuth(agent.post(path)),
    };
  };
}

/** The real app, in-process, on a fresh SQLite directory and its own Redis key prefix. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'lsb-e2e-'));
  const redisKeyPrefix = env.REDIS_KEY_PREFIX ?? uniquePrefix();
  const config = loadEnvironmentConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    REDIS_URL,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    ...env,
  });
  const app = await createApiApplication(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  return {
    app,
    url,
    dataDir,
    redisKeyPrefix,
    as: agentFor(url),
    close: async () => {
      await app.close();
      await deleteRedisKeys(redisKeyPrefix);
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
