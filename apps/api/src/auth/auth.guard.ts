import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ProblemException, problem } from '../http/problem-details';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator';
import type { Actor, Role } from './roles';
import { TokenVerifier } from './token-verifier';

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/** Global guard: every route is closed unless it names its roles or is @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  /** Each route's access, read from its decorators once (metadata lookups cost on every request). */
  private readonly access = new WeakMap<object, { public: boolean; roles: readonly Role[] }>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handler = context.getHandler();
    let access = this.access.get(handler);
    if (!access) {
      const targets = [handler, context.getClass()];
      access = {
        public: this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true,
        roles: this.reflector.getAllAndOverride<readonly Role[]>(ROLES_KEY, targets) ?? [],
      };
      this.access.set(handler, access);
    }
    if (access.public) return true;
    const roles = access.roles;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new ProblemException(problem(401, 'unauthenticated', 'A bearer token is required.'));
    }
    let actor: Actor;
    try {
      actor = await this.verifier.verify(match[1]);
    } catch {
      throw new ProblemException(problem(401, 'unauthenticated', 'The bearer token is not valid.'));
    }
    if (!roles.includes(actor.role)) {
      throw new ProblemException(
        problem(403, 'forbidden', `The ${actor.role} role may not do this.`),
      );
    }
    request.actor = actor;
    return true;
  }
}
