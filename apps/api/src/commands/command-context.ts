import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { uuidV5 } from '@app/event-store';
import type { Actor } from '../auth/roles';
import type { CommandRequest } from '../idempotency/idempotency.interceptor';

/** Who sends a command and under which id: event ids, actor and correlation derive from it. */
export interface CommandContext {
  /** From the Idempotency-Key (or random): every event id of the command derives from it. */
  commandId: string;
  actor: Actor;
  correlationId: string;
}

const STEP_NAMESPACE = 'b7d4f0a2-3c1e-4d5f-9a6b-8c7d2e1f0a93';

/** The id of one step of a multi-stream process (reserve, confirm, compensate): stable across retries. */
export function stepCommandId(context: CommandContext, step: string): string {
  return uuidV5(`${context.commandId}/${step}`, STEP_NAMESPACE);
}

/** A new id derived from the command (an appointment's or a series' id): the same on a retried request. */
export function derivedId(context: CommandContext, what: string): string {
  return uuidV5(`${context.commandId}/id/${what}`, STEP_NAMESPACE);
}

export const Command = createParamDecorator(
  (_: unknown, context: ExecutionContext): CommandContext => {
    const request = context.switchToHttp().getRequest<CommandRequest>();
    if (!request.actor || !request.commandId || !request.correlationId) {
      throw new Error('Command context used on a route without authentication or idempotency');
    }
    return {
      commandId: request.commandId,
      actor: request.actor,
      correlationId: request.correlationId,
    };
  },
);
