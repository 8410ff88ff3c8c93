import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BullmqReminderQueue, ReminderQueue } from '@app/reminders';
import { TokenVerifier } from '../auth/token-verifier';
import { problem } from '../http/problem-details';
import { sendProblem } from '../http/problem-details.filter';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for admins only (a bearer token with the admin role, as every other
 * admin route: put it behind a proxy that adds the header for browser use).
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const queue = app.get(ReminderQueue);
  if (!(queue instanceof BullmqReminderQueue)) return;
  const verifier = app.get(TokenVerifier);
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: [
      new BullMQAdapter(queue.queue, { readOnlyMode: false }),
      new BullMQAdapter(queue.deadLetters),
    ],
    serverAdapter,
  });
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      if (!match)
        return sendProblem(reply, problem(401, 'unauthenticated', 'A bearer token is required.'));
      try {
        const actor = await verifier.verify(match[1]);
        if (actor.role !== 'admin')
          return sendProblem(
            reply,
            problem(403, 'forbidden', `The ${actor.role} role may not do this.`),
          );
      } catch {
        return sendProblem(
          reply,
          problem(401, 'unauthenticated', 'The bearer token is not valid.'),
        );
      }
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
