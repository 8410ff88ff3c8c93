import { SignJWT } from 'jose';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * docs/http-api.md "Who may call": every route, every role. A role that may call gets past
 * authorisation (any answer but 401/403: the ids here are unknown, so 404 or 400 are fine); any
 * other role gets 403; no token gets 401. Tokens are signed JWTs, so the `system` role is covered.
 */
const STAFF = ['front-desk', 'nurse', 'physician', 'admin'];
const ROLES = ['front-desk', 'nurse', 'physician', 'admin', 'system'] as const;
const ID = '00000000-0000-4000-8000-000000000000';

const ROUTES: Array<{ method: 'get' | 'post'; path: string; roles: string[]; body?: object }> = [
  { method: 'get', path: '/resources', roles: STAFF },
  { method: 'post', path: '/patients', roles: ['front-desk', 'admin'], body: {} },
  { method: 'get', path: `/patients/${ID}`, roles: STAFF },
  { method: 'post', path: '/series', roles: ['physician'], body: {} },
  { method: 'get', path: `/series/${ID}`, roles: STAFF },
  { method: 'get', path: '/series', roles: STAFF },
  { method: 'get', path: `/series/${ID}/history`, roles: ['physician', 'admin'] },
  { method: 'post', path: `/series/${ID}/referrals`, roles: ['physician'], body: {} },
  { method: 'post', path: `/series/${ID}/close`, roles: ['physician'], body: {} },
  { method: 'get', path: '/availability', roles: ['front-desk', 'nurse', 'physician'] },
  { method: 'post', path: '/appointments', roles: ['front-desk'], body: {} },
  { method: 'get', path: `/appointments/${ID}`, roles: STAFF },
  { method: 'post', path: `/appointments/${ID}/reschedule`, roles: ['front-desk'], body: {} },
  { method: 'post', path: `/appointments/${ID}/cancel`, roles: ['front-desk', 'nurse'], body: {} },
  { method: 'post', path: `/appointments/${ID}/no-show`, roles: ['front-desk'] },
  {
    method: 'post',
    path: `/appointments/${ID}/check-in`,
    roles: ['front-desk', 'nurse'],
    body: {},
  },
  { method: 'post', path: `/appointments/${ID}/procedure`, roles: ['physician'], body: {} },
  { method: 'post', path: `/appointments/${ID}/discharge`, roles: ['nurse'], body: {} },
  {
    method: 'post',
    path: `/appointments/${ID}/follow-up`,
    roles: ['nurse', 'physician'],
    body: {},
  },
  { method: 'post', path: '/dev/clock', roles: ['admin'], body: { now: null } },
  { method: 'get', path: '/schedule', roles: STAFF },
];

const SECRET = 'role-table-test-secret-of-at-least-32-chars';

describe('who may call (docs/http-api.md)', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({
      JWT_ISSUER: 'https://idp.test',
      JWT_AUDIENCE: 'lsb-api',
      JWT_SECRET: SECRET,
    });
    for (const role of ROLES) {
      tokens[role] = await new SignJWT({ role })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(`user-${role}`)
        .setIssuer('https://idp.test')
        .setAudience('lsb-api')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(SECRET));
    }
  });
  afterAll(() => t.close());

  const send = (route: (typeof ROUTES)[number], token?: string) => {
    let test = t.as(null)[route.method](route.path);
    if (token) test = test.set('authorization', `Bearer ${token}`);
    return route.body ? test.send(route.body) : test;
  };

  it.each(ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s',
    async (_, route) => {
      const anonymous = await send(route);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('unauthenticated');
      for (const role of ROLES) {
        const response = await send(route, tokens[role]);
        if (route.roles.includes(role)) {
          expect({ role, status: response.status }).not.toEqual({ role, status: 403 });
          expect(response.status).not.toBe(401);
        } else {
          expect({ role, status: response.status, code: response.body.code }).toEqual({
            role,
            status: 403,
            code: 'forbidden',
          });
        }
      }
    },
  );

  it('GET /health answers anyone', async () => {
    await t.as(null).get('/health').expect(200);
  });

  it('GET /health/live answers anyone, without checking dependencies', async () => {
    const { body } = await t.as(null).get('/health/live').expect(200);
    expect(body).toEqual({ status: 'ok' });
  });

  it('refuses an expired, a foreign or a role-less token with 401', async () => {
    const key = new TextEncoder().encode(SECRET);
    const base = () =>
      new SignJWT({ role: 'physician' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1');
    const expired = await base()
      .setIssuer('https://idp.test')
      .setAudience('lsb-api')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const foreign = await base()
      .setIssuer('https://evil.test')
      .setAudience('lsb-api')
      .setExpirationTime('10m')
      .sign(key);
    const noRole = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('https://idp.test')
      .setAudience('lsb-api')
      .setExpirationTime('10m')
      .sign(key);
    for (const token of [expired, foreign, noRole, 'garbage']) {
      const response = await t.as(null).get('/resources').set('authorization', `Bearer ${token}`);
      expect(response.status).toBe(401);
    }
  });

  it('accepts the dev tokens outside production', async () => {
    await t.as('nurse').get('/resources').expect(200);
  });
});
