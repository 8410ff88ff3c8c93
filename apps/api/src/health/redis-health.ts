import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';

/**
 * Watches Redis for /health. Booking never needs Redis, so the app starts and stays up without it;
 * ioredis keeps reconnecting in the background and this reports what it sees.
 */
@Injectable()
export class RedisHealth implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly client: Redis;
  private wasUp: boolean | undefined;

  constructor(redisUrl: string) {
    this.client = new Redis(redisUrl, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(attempt * 500, 5000),
    });
    this.client.on('ready', () => this.changed(true));
    this.client.on('error', () => this.changed(false));
    this.client.on('end', () => this.changed(false));
    this.client.connect().catch(() => this.changed(false));
  }

  async check(): Promise<{ status: 'up' | 'down'; latencyMs?: number }> {
    if (this.client.status !== 'ready') return { status: 'down' };
    const started = process.hrtime.bigint();
    try {
      await Promise.race([
        this.client.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref()),
      ]);
      return { status: 'up', latencyMs: Number(process.hrtime.bigint() - started) / 1e6 };
    } catch {
      return { status: 'down' };
    }
  }

  private changed(up: boolean): void {
    if (up === this.wasUp) return;
    this.wasUp = up;
    if (up) this.logger.log('Redis is up');
    else
      this.logger.warn(
        'Redis is down: bookings still work; reminders are enqueued when it is back',
      );
  }

  async onApplicationShutdown(): Promise<void> {
    this.client.disconnect();
  }
}
