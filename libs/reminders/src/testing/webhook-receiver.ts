import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../notifier/webhook-notifier';

export interface ReceivedRequest {
  idempotencyKey: string;
  validSignature: boolean;
  status: number;
  body: Record<string, unknown>;
  /** Epoch ms at arrival. */
  at: number;
}

/**
 * Test-only SMS/e-mail gateway on 127.0.0.1: verifies the signature, answers with the next
 * scripted status (200 when none), and deduplicates on Idempotency-Key like a real gateway would:
 * `delivered` holds each key once, however often it was posted.
 */
export async function startWebhookReceiver(secret: string, statuses: number[] = []) {
  const requests: ReceivedRequest[] = [];
  const delivered = new Map<string, ReceivedRequest>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const validSignature = verifyWebhookSignature(
        secret,
        String(req.headers['x-timestamp'] ?? ''),
        raw,
        String(req.headers['x-signature'] ?? ''),
      );
      const status = validSignature ? (statuses.shift() ?? 200) : 401;
      const request: ReceivedRequest = {
        idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
        validSignature,
        status,
        body: JSON.parse(raw) as Record<string, unknown>,
        at: Date.now(),
      };
      requests.push(request);
      if (status < 300 && !delivered.has(request.idempotencyKey)) {
        delivered.set(request.idempotencyKey, request);
      }
      res.statusCode = status;
      res.end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    requests,
    delivered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls until `condition` holds; generous by default for a slow shared machine. */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
