// eslint-disable-next-line no-restricted-imports -- the one place a POST route is declared
import { applyDecorators, Post, UseInterceptors } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * A POST route: a command. It honours an Idempotency-Key and gets its command and correlation ids
 * (IdempotencyInterceptor). Declared per route rather than as a global interceptor, so GET routes
 * do not pay for an interceptor they do not use (Nest binds an AsyncResource per interceptor per
 * request). ESLint forbids a bare @Post in apps/api.
 */
export function CommandPost(path?: string): MethodDecorator {
  return applyDecorators(Post(path), UseInterceptors(IdempotencyInterceptor));
}
