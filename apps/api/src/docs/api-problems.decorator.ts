import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type ResponseObject } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'validation: malformed JSON, unknown or missing fields, wrong types, out-of-range values (errors names each field)',
  401: 'unauthenticated: no or bad bearer token',
  403: "forbidden: the caller's role may not do this",
  404: 'not-found: unknown id',
  409: 'conflict with current state (slot-taken, invalid-transition, concurrent-change, idempotency-key-reused …)',
  413: 'payload-too-large: body over 1 MiB',
  422: 'a clinical or scheduling rule refuses it (rule names it: min-interval, discharge-criteria-not-met …)',
  500: 'internal: something went wrong on our side (logged; nothing the request said caused it)',
  503: 'a service it needs cannot be reached (redis-down …); try again later',
};

/** An RFC 9457 problem response (application/problem+json), as ProblemDetailsFilter sends it. */
export function problemResponse(status: number): ResponseObject {
  return {
    description: DESCRIPTIONS[status] ?? 'a problem',
    content: {
      'application/problem+json': {
        schema: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer', enum: [status] },
            detail: { type: 'string' },
            code: { type: 'string' },
            rule: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field', 'problem'],
                properties: { field: { type: 'string' }, problem: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}

/** Documents the problem responses a route can give (500 is added to every route by setUpOpenApi). */
export function ApiProblems(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, ...problemResponse(status) })),
  );
}
