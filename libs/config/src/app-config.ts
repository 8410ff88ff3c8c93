import { resolve } from 'node:path';
import { ConfigurationError } from './config.errors';

export type NodeEnv = 'development' | 'production' | 'test';

export interface JwtConfig {
  issuer: string;
  audience: string;
  /** One key source: a JWKS URL (RS/ES keys), a PEM public key, or a shared HS256 secret. */
  jwksUrl?: string;
  publicKeyPem?: string;
  secret?: string;
}

/** Everything the apps read from the environment, validated once at start. */
export interface EnvironmentConfig {
  nodeEnv: NodeEnv;
  port: number;
  dataDir: string;
  redisUrl: string;
  /** Prefix of every Redis key (BullMQ queues): one deployment or test run per prefix. */
  redisKeyPrefix: string;
  /** When set, EventStoreDB replaces the embedded SQLite event store. */
  eventStoreConnectionString?: string;
  /** Path of the clinic configuration file; unset: the built-in demo clinic. */
  clinicConfigPath?: string;
  /** Development tokens (dev-front-desk …) are accepted unless NODE_ENV=production. */
  devTokens: boolean;
  jwt?: JwtConfig;
  notifyWebhookUrl?: string;
  notifyWebhookSecret?: string;
  /** Run the reminder workers inside the api process (the embedded default). */
  embeddedWorker: boolean;
  /** SQLite durability: FULL (default) or NORMAL (faster; the last commits can be lost on power failure). */
  sqliteSynchronous: 'FULL' | 'NORMAL';
}

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const value = optional(env, name) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigurationError(name, `must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function port(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 0 || value > 65535) {
    throw new ConfigurationError(name, `must be a TCP port number 0–65535 (got "${raw}")`);
  }
  return value;
}

function url(env: Env, name: string, protocols: string[], fallback?: string): string | undefined {
  const raw = optional(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigurationError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigurationError(
      name,
      `must use ${protocols.join(' or ')} (got ${parsed.protocol})`,
    );
  }
  return raw;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigurationError(name, `must be true or false (got "${raw}")`);
}

function jwt(env: Env, nodeEnv: NodeEnv): JwtConfig | undefined {
  const issuer = optional(env, 'JWT_ISSUER');
  const audience = optional(env, 'JWT_AUDIENCE');
  const jwksUrl = url(env, 'JWT_JWKS_URL', ['https:', 'http:']);
  const publicKeyPem = optional(env, 'JWT_PUBLIC_KEY')?.replace(/\\n/g, '\n');
  const secret = optional(env, 'JWT_SECRET');
  const keySources = [jwksUrl, publicKeyPem, secret].filter(Boolean).length;
  const anything = issuer || audience || keySources > 0;
  if (!anything) {
    if (nodeEnv === 'production') {
      throw new ConfigurationError(
        'JWT_ISSUER',
        'production needs JWT_ISSUER, JWT_AUDIENCE and one of JWT_JWKS_URL, JWT_PUBLIC_KEY, JWT_SECRET',
      );
    }
    return undefined;
  }
  if (!issuer)
    throw new ConfigurationError('JWT_ISSUER', 'is required when JWT verification is configured');
  if (!audience)
    throw new ConfigurationError('JWT_AUDIENCE', 'is required when JWT verification is configured');
  if (keySources !== 1) {
    throw new ConfigurationError(
      'JWT_JWKS_URL',
      'set exactly one of JWT_JWKS_URL, JWT_PUBLIC_KEY, JWT_SECRET',
    );
  }
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigurationError('JWT_SECRET', 'must be at least 32 characters');
  }
  return { issuer, audience, jwksUrl, publicKeyPem, secret };
}

export function loadEnvironmentConfig(env: Env = process.env): EnvironmentConfig {
  const nodeEnv = oneOf(
    env,
    'NODE_ENV',
    ['development', 'production', 'test'] as const,
    'development',
  );
  const notifyWebhookUrl = url(env, 'NOTIFY_WEBHOOK_URL', ['https:', 'http:']);
  const notifyWebhookSecret = optional(env, 'NOTIFY_WEBHOOK_SECRET');
  if (notifyWebhookUrl && !notifyWebhookSecret) {
    throw new ConfigurationError(
      'NOTIFY_WEBHOOK_SECRET',
      'is required when NOTIFY_WEBHOOK_URL is set',
    );
  }
  const redisKeyPrefix = optional(env, 'REDIS_KEY_PREFIX') ?? 'lsb';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(redisKeyPrefix)) {
    throw new ConfigurationError(
      'REDIS_KEY_PREFIX',
      'must be 1–40 letters, digits, _ or - (no ":")',
    );
  }
  return {
    nodeEnv,
    port: port(env, 'PORT', 3000),
    dataDir: resolve(optional(env, 'DATA_DIR') ?? './data'),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379')!,
    redisKeyPrefix,
    eventStoreConnectionString: url(env, 'EVENTSTORE_CONNECTION_STRING', [
      'esdb:',
      'esdb+discover:',
    ]),
    clinicConfigPath: optional(env, 'CLINIC_CONFIG'),
    devTokens: nodeEnv !== 'production',
    jwt: jwt(env, nodeEnv),
    notifyWebhookUrl,
    notifyWebhookSecret,
    embeddedWorker: boolean(env, 'EMBEDDED_WORKER', true),
    sqliteSynchronous: oneOf(env, 'SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, 'FULL'),
  };
}
