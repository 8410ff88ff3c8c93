import { createHmac, timingSafeEqual } from 'node:crypto';
import { NotifierPermanentError, NotifierTransientError } from './notifier.errors';
import { ReminderNotifier, type NotifierMessage } from './reminder-notifier.port';

export interface WebhookNotifierOptions {
  /** NOTIFY_WEBHOOK_URL */
  url: string;
  /** NOTIFY_WEBHOOK_SECRET */
  secret: string;
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Seconds since the epoch; injectable for tests. */
  clock?: () => number;
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`: the timestamp inside the MAC stops replays. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): constant-time check of X-Signature against X-Timestamp and the raw body. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * POSTs the reminder as JSON to the clinic's SMS / e-mail gateway, signed with HMAC-SHA256, with the
 * idempotency key as a header and in the body. 2xx: sent. 4xx: permanent, except 408 and 429 which
 * say "try later" and are transient. 5xx, timeouts and connection errors: transient.
 */
export class WebhookNotifier extends ReminderNotifier {
  private readonly timeoutMs: number;
  private readonly clock: () => number;

  constructor(private readonly options: WebhookNotifierOptions) {
    super();
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  }

  async send(message: NotifierMessage): Promise<void> {
    const body = JSON.stringify({
      idempotencyKey: message.idempotencyKey,
      channel: message.channel,
      to: message.to,
      subject: message.subject,
      text: message.text,
      reminder: message.reminder ?? null,
    });
    const timestamp = String(this.clock());
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Timestamp': timestamp,
          'X-Signature': webhookSignature(this.options.secret, timestamp, body),
          'Idempotency-Key': message.idempotencyKey,
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const name = (error as Error).name;
      const reason =
        name === 'TimeoutError' || name === 'AbortError'
          ? `no answer within ${this.timeoutMs} ms`
          : `could not reach the gateway (${errorCode(error)})`;
      throw new NotifierTransientError(reason);
    }
    // Drain the body so the connection can be reused; its content may echo patient data: not kept.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return;
    const what = `gateway answered ${response.status}`;
    if (response.status >= 500 || response.status === 408 || response.status === 429) {
      throw new NotifierTransientError(what);
    }
    throw new NotifierPermanentError(what);
  }
}

function errorCode(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).name ?? 'error';
}
