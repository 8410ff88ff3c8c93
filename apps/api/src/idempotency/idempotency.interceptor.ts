import { createHash, randomUUID } from 'node:crypto';
import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { catchError, concatMap, from, map, type Observable, of, throwError } from 'rxjs';
import { uuidV5 } from '@app/event-store';
import { isDomainError } from '@app/domain';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ProblemException, problem } from '../http/problem-details';
import { IdempotencyStore } from './idempotency.store';

/** Namespace of command ids derived from Idempotency-Keys (a fixed, random UUID). */
const COMMAND_ID_NAMESPACE = '6c0f3b64-8f57-4f0e-9a8e-2b1c1b7f4a21';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

export type CommandRequest = AuthenticatedRequest & { commandId?: string; correlationId?: string };

function isClientError(error: unknown): boolean {
  if (error instanceof ProblemException) return error.problem.status < 500;
  return isDomainError(error);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Every POST honours an Idempotency-Key (docs/http-api.md): the same key and body return the first answer
 * and write nothing new; the same key with another body is a 409. The command id (and so every
 * event id) is derived from the key, the caller and the route, so a retry can never write twice.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<CommandRequest>();
    const correlation = request.headers['x-correlation-id'];
    request.correlationId =
      typeof correlation === 'string' && KEY_PATTERN.test(correlation) ? correlation : randomUUID();
    if (request.method !== 'POST') return next.handle();

    const header = request.headers['idempotency-key'];
    if (header === undefined) {
      request.commandId = randomUUID();
      return next.handle();
    }
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw new ProblemException(
        problem(
          400,
          'validation',
          'The Idempotency-Key header must be 1–200 visible ASCII characters.',
          {
            errors: [
              { field: 'Idempotency-Key', problem: 'must be 1–200 visible ASCII characters' },
            ],
          },
        ),
      );
    }
    const path = request.url.split('?')[0];
    const scope = `${request.actor?.id ?? 'anonymous'} POST ${path} ${header}`;
    const requestHash = createHash('sha256').update(canonicalJson(request.body)).digest('hex');
    request.commandId = uuidV5(scope, COMMAND_ID_NAMESPACE);

    const found = this.store.begin(scope, requestHash);
    if (found.kind === 'key-reused-with-another-body') {
      throw new ProblemException(
        problem(
          409,
          'idempotency-key-reused',
          'This Idempotency-Key was already used with a different request body.',
        ),
      );
    }
    const reply = http.getResponse<FastifyReply>();
    if (found.kind === 'replay') {
      void reply.status(found.response.status);
      return of(found.response.body);
    }
    const status =
      this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ??
      HttpStatus.CREATED;
    return next.handle().pipe(
      // The answer goes out once it is recorded: a retry after it always finds it.
      concatMap((body) =>
        from(this.store.record(scope, requestHash, { status, body })).pipe(map(() => body)),
      ),
      catchError((error: unknown) => {
        // A refused request wrote nothing: the caller may fix the body and retry with the same key.
        if (isClientError(error)) this.store.forget(scope);
        return throwError(() => error);
      }),
    );
  }
}
