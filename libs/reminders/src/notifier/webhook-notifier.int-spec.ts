import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotifierPermanentError, NotifierTransientError } from './notifier.errors';
import type { NotifierMessage } from './reminder-notifier.port';
import { verifyWebhookSignature, WebhookNotifier } from './webhook-notifier';

const secret = 'test-secret';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
  validSignature: boolean;
}

/** A local gateway: answers with the next queued status (200 when none), records what it got. */
async function receiver(statuses: number[] = [], delayMs = 0) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({
        body,
        headers: req.headers,
        validSignature: verifyWebhookSignature(
          secret,
          String(req.headers['x-timestamp']),
          body,
          String(req.headers['x-signature']),
        ),
      });
      setTimeout(() => {
        res.statusCode = statuses.shift() ?? 200;
        res.end('{}');
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const message: NotifierMessage = {
  to: '+15550100',
  channel: 'sms',
  subject: 'Riverside Pain Clinic: appointment tomorrow',
  text: 'Riverside Pain Clinic: reminder of your appointment…',
  idempotencyKey: 'reminder-a1-appointment-reminder-1803895200000',
  reminder: { appointmentId: 'a1', kind: 'appointment-reminder' },
};

describe('WebhookNotifier (local HTTP receiver)', () => {
  it('POSTs JSON with a valid HMAC-SHA256 signature over "<timestamp>.<body>", the timestamp and the idempotency key', async () => {
    const gateway = await receiver();
    try {
      await new WebhookNotifier({ url: gateway.url, secret }).send(message);
      expect(gateway.received).toHaveLength(1);
      const [got] = gateway.received;
      expect(got.validSignature).toBe(true);
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers['idempotency-key']).toBe(message.idempotencyKey);
      expect(Number(got.headers['x-timestamp'])).toBeGreaterThan(1_700_000_000);
      expect(JSON.parse(got.body)).toMatchObject({
        idempotencyKey: message.idempotencyKey,
        channel: 'sms',
        to: '+15550100',
        text: message.text,
      });
    } finally {
      await gateway.close();
    }
  });

  it('a signature made with another secret or over another body does not verify', () => {
    expect(verifyWebhookSignature(secret, '1', '{}', 'sha256=00')).toBe(false);
  });

  it.each([500, 503, 429])('a %s answer is transient', async (status) => {
    const gateway = await receiver([status]);
    try {
      await expect(
        new WebhookNotifier({ url: gateway.url, secret }).send(message),
      ).rejects.toBeInstanceOf(NotifierTransientError);
    } finally {
      await gateway.close();
    }
  });

  it.each([400, 404, 422])('a %s answer is permanent', async (status) => {
    const gateway = await receiver([status]);
    try {
      const error = await new WebhookNotifier({ url: gateway.url, secret })
        .send(message)
        .catch((e) => e);
      expect(error).toBeInstanceOf(NotifierPermanentError);
      expect(String(error.message)).not.toContain('+15550100');
    } finally {
      await gateway.close();
    }
  });

  it('no answer within the timeout is transient', async () => {
    const gateway = await receiver([], 2000);
    try {
      await expect(
        new WebhookNotifier({ url: gateway.url, secret, timeoutMs: 200 }).send(message),
      ).rejects.toBeInstanceOf(NotifierTransientError);
    } finally {
      await gateway.close();
    }
  });

  it('a refused connection is transient', async () => {
    const gateway = await receiver();
    const url = gateway.url;
    await gateway.close();
    await expect(new WebhookNotifier({ url, secret }).send(message)).rejects.toBeInstanceOf(
      NotifierTransientError,
    );
  });
});
