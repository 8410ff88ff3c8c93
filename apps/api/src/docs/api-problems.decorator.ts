import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const DESCRIPTIONS: Record<number, string> = {
  400: 'validation: malformed JSON, unknown or missing fields, wrong types, out-of-range values (errors names each field)',
  401: 'unauthenticated: no or bad bearer token',
  403: "forbidden: the caller's role may not do this",
  404: 'not-found: unknown id',
  409: 'conflict with current state (slot-taken, invalid-transition, concurrent-change, idempotency-key-reused …)',
  413: 'payload-too-large: body over 1 MiB',
  422: 'a clinical or scheduling rule refuses it (rule names it: min-interval, discharge-criteria-not-met …)',
};

/** Documents the RFC 9457 problem responses a route can give (application/problem+json). */
export function ApiProblems(...statuses: number[]): MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        content: {
          'application/problem+json': {
            schema: {
              type: 'object',
              required: ['type', 'title', 'status', 'detail', 'code'],
              properties: {
                type: { type: 'string' },
                title: { type: 'string' },
                status: { type: 'integer', example: status },
                detail: { type: 'string' },
                code: { type: 'string' },
                rule: { type: 'string' },
                errors: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { field: { type: 'string' }, problem: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      }),
    ),
  );
}
