import { startTestApp, type TestApp } from './support/test-app';

/** The OpenAPI document is generated from the code and lists every route of docs/http-api.md. */
describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startTestApp()));
  afterAll(() => t.close());

  const API_MD_ROUTES = [
    'get /health',
    'get /resources',
    'post /patients',
    'get /patients/{id}',
    'post /series',
    'get /series/{id}',
    'get /series',
    'get /series/{id}/history',
    'post /series/{id}/referrals',
    'post /series/{id}/close',
    'get /availability',
    'post /appointments',
    'get /appointments/{id}',
    'post /appointments/{id}/reschedule',
    'post /appointments/{id}/cancel',
    'post /appointments/{id}/no-show',
    'post /appointments/{id}/check-in',
    'post /appointments/{id}/procedure',
    'post /appointments/{id}/discharge',
    'post /appointments/{id}/follow-up',
    'post /dev/clock',
    'get /schedule',
  ];

  it('has every route of docs/http-api.md, with its problems and the Idempotency-Key on POSTs', async () => {
    const { body } = await t.as(null).get('/docs-json').expect(200);
    const operations = Object.entries(
      body.paths as Record<
        string,
        Record<string, { responses: object; parameters?: Array<{ name: string }> }>
      >,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        key: `${method} ${path}`,
        operation,
      })),
    );
    const keys = operations.map((o) => o.key);
    for (const route of API_MD_ROUTES) expect(keys).toContain(route);
    for (const { key, operation } of operations) {
      if (!key.startsWith('post ')) continue;
      expect({
        key,
        header: operation.parameters?.some((p) => p.name === 'Idempotency-Key'),
      }).toEqual({ key, header: true });
      if (key !== 'post /admin/projections/rebuild')
        expect({ key, responses: Object.keys(operation.responses) }).toEqual({
          key,
          responses: expect.arrayContaining(['401', '403']),
        });
    }
  });

  it('serves the UI at /docs', async () => {
    const response = await t.as(null).get('/docs').redirects(1);
    expect(response.status).toBe(200);
    expect(response.text).toMatch(/swagger/i);
  });
});
