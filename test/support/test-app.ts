import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import request from 'supertest';
import { loadEnvironmentConfig } from '@app/config';
import { createApiApplication } from '../../apps/api/src/api.application';
import { contractAt } from './openapi-contract';

export type Role = 'front-desk' | 'nurse' | 'physician' | 'admin';

export interface TestApp {
  app: NestFastifyApplication;
  url: string;
  dataDir: string;
  redisKeyPrefix: string;
  /**
   * A supertest agent for the app, authenticated as `role` (dev tokens; null: no token). Every
   * answer is checked against the app's OpenAPI document (checkedAgainstTheDocument).
   */
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

/**
 * The request, whose answer must also be what the app's OpenAPI document says: a documented route
 * and status, and a body that matches its schema. The check runs after the test's own
 * expectations (a wrong status reads as the test wrote it), and fails the request like them.
 */
export function checkedAgainstTheDocument(url: string, test: request.Test): request.Test {
  const end = test.end.bind(test);
  test.end = (callback) => {
    contractAt(url).then(
      (contract) => {
        test.expect((response: request.Response) =>
          contract.check({
            method: test.method,
            path: new URL(test.url).pathname,
            status: response.status,
            contentType: response.headers['content-type'],
            body: typeof response.text === 'string' ? response.text : '',
          }),
        );
        end(callback);
      },
      (error: Error) => callback?.(error, undefined as unknown as request.Response),
    );
    return test;
  };
  return test;
}

/** Supertest agents for an app at `url` (in-process or its own process), per role (dev tokens). */
export function agentFor(url: string): (role: Role | null) => AuthenticatedAgent {
  const agent = request(url);
  return (role) => {
    const prepared = (test: request.Test) =>
      checkedAgainstTheDocument(url, role ? test.set('authorization', `Bearer dev-${role}`) : test);
    return {
      get: (path) => prepared(agent.get(path)),
      post: (path) => prepared(agent.post(path)),
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
