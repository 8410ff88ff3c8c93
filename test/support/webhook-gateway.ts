import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '@app/reminders';

export interface GatewayRequest {
  idempotencyKey: string;
  validSignature: boolean;
  status: number;
  body: {
    idempotencyKey?: string;
    channel?: string;
    to?: string;
    subject?: string;
    text?: string;
    reminder?: { appointmentId: string; kind: string } | null;
  };
}

export interface WebhookGateway {
  url: string;
  requests: GatewayRequest[];
  /** Requests for one appointment (from the reminder reference in the body). */
  forAppointment(appointmentId: string): GatewayRequest[];
  close(): Promise<void>;
}

/**
 * A clinic's SMS / e-mail gateway on 127.0.0.1 for NOTIFY_WEBHOOK_URL: checks the HMAC signature
 * (401 when it is wrong), records every request, and answers 200 — or 400 (refused for good) to the
 * recipients listed in `refuse`.
 */
export async function startWebhookGateway(
  secret: string,
  refuse: ReadonlySet<string> = new Set(),
): Promise<WebhookGateway> {
  const requests: GatewayRequest[] = [];
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
      let body: GatewayRequest['body'] = {};
      try {
        body = JSON.parse(raw) as GatewayRequest['body'];
      } catch {
        // recorded as it is: the test fails on the missing fields
      }
      const status = !validSignature ? 401 : body.to && refuse.has(body.to) ? 400 : 200;
      requests.push({
        idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
        validSignature,
        status,
        body,
      });
      res.statusCode = status;
      res.end();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`,
    requests,
    forAppointment: (appointmentId) =>
      requests.filter((r) => r.body.reminder?.appointmentId === appointmentId),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
