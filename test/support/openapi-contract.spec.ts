import {
  type Answer,
  ContractViolation,
  OpenApiContract,
  type OpenApiDocument,
} from './openapi-contract';

/** A small document in the shape @nestjs/swagger writes: $refs, nullable allOf, problem+json. */
const DOCUMENT: OpenApiDocument = {
  paths: {
    '/series/{id}': {
      get: {
        responses: {
          '200': {
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SeriesDto' } } },
          },
          '404': {
            content: {
              'application/problem+json': {
                schema: {
                  type: 'object',
                  required: ['status', 'code'],
                  properties: {
                    status: { type: 'integer', enum: [404] },
                    code: { type: 'string' },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/series/{id}/close': {
      post: {
        responses: { '200': { content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/health/live': {
      get: {
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['status'],
                  properties: { status: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    '/metrics': {
      get: { responses: { '200': { content: { 'text/plain': { schema: { type: 'string' } } } } } },
    },
  },
  components: {
    schemas: {
      SeriesDto: {
        type: 'object',
        required: ['id', 'recommendation', 'capOverrides', 'openedAt'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          recommendation: {
            nullable: true,
            type: 'object',
            allOf: [{ $ref: '#/components/schemas/RecommendationDto' }],
          },
          capOverrides: {
            type: 'array',
            items: { $ref: '#/components/schemas/CapOverrideDto' },
          },
          openedAt: { type: 'string', format: 'date-time', example: '2027-03-02T09:00:00-05:00' },
          closedAt: { type: 'string', format: 'date-time', nullable: true },
        },
      },
      RecommendationDto: {
        type: 'object',
        required: ['action'],
        properties: { action: { type: 'string', enum: ['book-block', 'physician-review'] } },
      },
      CapOverrideDto: {
        type: 'object',
        required: ['cap'],
        properties: { cap: { type: 'string', enum: ['initial-series', 'yearly'] } },
      },
    },
  },
};

const ID = '6f1c2b1e-1d2a-4c3b-8e4f-5a6b7c8d9e0f';
const SERIES = {
  id: ID,
  recommendation: { action: 'book-block' },
  capOverrides: [{ cap: 'yearly' }],
  openedAt: '2027-03-01T10:00:00-05:00',
};

const answer = (overrides: Partial<Answer> & { json?: unknown }): Answer => {
  const { json, ...rest } = overrides;
  return {
    method: 'GET',
    path: `/series/${ID}`,
    status: 200,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(json ?? SERIES),
    ...rest,
  };
};

describe('the OpenAPI contract the e2e tests check every answer against', () => {
  const contract = new OpenApiContract(DOCUMENT);
  const violation = (a: Answer) => {
    try {
      contract.check(a);
    } catch (error) {
      if (error instanceof ContractViolation) return error.message;
      throw error;
    }
    return undefined;
  };

  it('accepts an answer that matches its route, status and schema (refs, nulls, query strings)', () => {
    expect(violation(answer({}))).toBeUndefined();
    expect(
      violation(answer({ json: { ...SERIES, recommendation: null, closedAt: null } })),
    ).toBeUndefined();
    expect(violation(answer({ path: `/series/${ID}?fields=all` }))).toBeUndefined();
    expect(violation(answer({ path: '/health/live', json: { status: 'ok' } }))).toBeUndefined();
  });

  it('refuses a body with a field the schema does not list (a DTO that forgot it)', () => {
    expect(violation(answer({ json: { ...SERIES, closedReason: 'x' } }))).toMatch(
      /GET \/series\/\{id\} 200 application\/json: .*must NOT have additional properties \(closedReason\)/,
    );
    expect(
      violation(answer({ json: { ...SERIES, capOverrides: [{ cap: 'yearly', reason: 'x' }] } })),
    ).toMatch(/body\/capOverrides\/0 must NOT have additional properties \(reason\)/);
  });

  it('refuses a body without a required field, or with a wrong type, value or format', () => {
    const { capOverrides: _, ...withoutCaps } = SERIES;
    expect(violation(answer({ json: withoutCaps }))).toMatch(
      /must have required property 'capOverrides'/,
    );
    expect(violation(answer({ json: { ...SERIES, recommendation: { action: 'rest' } } }))).toMatch(
      /body\/recommendation\/action must be equal to one of the allowed values/,
    );
    expect(violation(answer({ json: { ...SERIES, id: 42 } }))).toMatch(/body\/id must be string/);
    expect(violation(answer({ json: { ...SERIES, openedAt: 'yesterday' } }))).toMatch(
      /body\/openedAt must match format "date-time"/,
    );
  });

  it('checks a problem body against the documented problem schema', () => {
    const problem = { status: 404, code: 'not-found' };
    const notFound = { status: 404, contentType: 'application/problem+json' };
    expect(violation(answer({ ...notFound, json: problem }))).toBeUndefined();
    expect(violation(answer({ ...notFound, json: { ...problem, status: 400 } }))).toMatch(/status/);
    expect(
      violation(answer({ ...notFound, contentType: 'application/json', json: problem })),
    ).toMatch(
      /content type application\/json not documented \(documented: application\/problem\+json\)/,
    );
  });

  it('refuses an undocumented route, method or status', () => {
    expect(violation(answer({ path: '/series/x/erase' }))).toMatch(/no such route/);
    expect(violation(answer({ method: 'POST' }))).toMatch(/no such route/);
    expect(violation(answer({ status: 201 }))).toMatch(
      /status not documented \(documented: 200, 404\)/,
    );
  });

  it('matches a path to its template, literal segments first, and leaves the document and dashboards alone', () => {
    expect(
      violation(answer({ method: 'POST', path: `/series/${ID}/close`, json: {} })),
    ).toBeUndefined();
    expect(
      violation(
        answer({ path: '/metrics', contentType: 'text/plain; version=0.0.4', body: 'up 1' }),
      ),
    ).toBeUndefined();
    expect(violation(answer({ path: '/docs-json', json: {} }))).toBeUndefined();
    expect(violation(answer({ path: '/admin/queues/api/queues', json: {} }))).toBeUndefined();
    expect(violation(answer({ path: '/documents' }))).toMatch(/no such route/);
  });

  it('refuses an empty body where one is documented', () => {
    expect(violation(answer({ body: '' }))).toMatch(/empty body/);
  });

  it('lists its operations and the route and status of every answer that passed', () => {
    const fresh = new OpenApiContract(DOCUMENT);
    expect(fresh.operations()).toEqual([
      'GET /series/{id}',
      'POST /series/{id}/close',
      'GET /health/live',
      'GET /metrics',
    ]);
    fresh.check(answer({}));
    expect(() => fresh.check(answer({ status: 201 }))).toThrow(ContractViolation);
    expect([...fresh.answered()]).toEqual(['GET /series/{id} 200']);
  });
});
