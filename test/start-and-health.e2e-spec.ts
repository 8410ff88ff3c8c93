import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ApiProcess,
  type Exit,
  ensureApiBuilt,
  freePort,
  killAllSpawned,
  ROOT,
  spawnApi,
  waitForHealth,
} from './support/api-process';
import { ClinicScenario } from './support/clinic-scenario';
import { checkedFetch } from './support/openapi-contract';
import { agentFor, deleteRedisKeys, uniquePrefix } from './support/test-app';

/**
 * The foundation's acceptance: the start command on a fresh DATA_DIR answers /health within 10 s,
 * with Redis and without it (then bookings still work); bad configuration stops the start with a
 * message naming the setting and a non-zero exit. Runs the built bundle (built here if missing or
 * older than the sources) as its own process.
 */
jest.setTimeout(60_000);

interface HealthReport {
  status: string;
  eventStore: { status: string };
  redis: { status: string; note?: string };
  projections: Array<{ name: string; status: string }>;
}

const HEALTHY_WITHIN_MS = 10_000;

describe('npm start', () => {
  const dirs: string[] = [];
  const prefixes: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lsb-start-'));
    dirs.push(dir);
    return dir;
  };
  const prefix = () => {
    const p = uniquePrefix();
    prefixes.push(p);
    return p;
  };
  const start = async (env: Record<string, string> = {}): Promise<ApiProcess> =>
    spawnApi({
      PORT: String(await freePort()),
      DATA_DIR: freshDir(),
      REDIS_KEY_PREFIX: prefix(),
      ...env,
    });

  beforeAll(() => ensureApiBuilt(), 240_000);
  afterAll(async () => {
    await killAllSpawned();
    await Promise.all(prefixes.map((p) => deleteRedisKeys(p)));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is `node dist/apps/api/main.js`, which these tests run', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe('node dist/apps/api/main.js');
  });

  it('answers /health with 200 within 10 s on a fresh DATA_DIR, Redis up; SIGTERM stops it cleanly', async () => {
    const api = await start();
    // Its Redis connection may still be opening at the very first answer: wait for it too.
    const health = (await waitForHealth(
      api,
      HEALTHY_WITHIN_MS,
      (body) => (body as HealthReport).redis.status === 'up',
    )) as HealthReport;
    expect(health).toMatchObject({
      status: 'ok',
      eventStore: { status: 'up' },
      redis: { status: 'up' },
    });
    expect(health.projections.length).toBeGreaterThan(0);
    for (const projection of health.projections) expect(projection.status).toBe('running');

    const exit = await api.stop();
    // Nest closes the app on SIGTERM, then re-raises the signal: a clean stop, not a SIGKILL.
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
  });

  it('with Redis down: /health says so (200, degraded) within 10 s, and a booking still succeeds', async () => {
    const closedPort = await freePort();
    const api = await start({ REDIS_URL: `redis://127.0.0.1:${closedPort}` });
    const health = (await waitForHealth(api, HEALTHY_WITHIN_MS)) as HealthReport;
    expect(health).toMatchObject({
      status: 'degraded',
      eventStore: { status: 'up' },
      redis: { status: 'down' },
    });
    expect(health.redis.note).toMatch(/bookings still work/);

    const t = { as: agentFor(api.url) };
    const clinic = new ClinicScenario(t);
    await clinic.setClock('2027-03-01T07:00:00-05:00');
    const seriesId = await clinic.openSeries(await clinic.registerPatient());
    const appointmentId = await clinic.book(seriesId, '2027-03-02T09:00:00-05:00', {
      sedation: true,
      anticoagulant: 'apixaban',
    });
    const { body } = await t.as('front-desk').get(`/appointments/${appointmentId}`).expect(200);
    expect(body).toMatchObject({ id: appointmentId, status: 'booked' });
    // Redis is still down: the health check keeps saying so.
    const again = await checkedFetch(`${api.url}/health`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as HealthReport).redis.status).toBe('down');

    const exit = await api.stop();
    expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
  });

  describe('bad configuration stops the start, naming the setting', () => {
    const badClinicFile = () => {
      const path = join(freshDir(), 'clinic.json');
      writeFileSync(path, '{ "calendar": ');
      return path;
    };
    // One per way main.ts meets a bad setting: the environment, the clinic file, a module's own
    // settings while the app is assembled, the data directory (libs/config's specs cover the rest).
    const cases: Array<[string, () => Record<string, string>]> = [
      ['PORT', () => ({ PORT: 'abc' })],
      ['CLINIC_CONFIG', () => ({ CLINIC_CONFIG: join(freshDir(), 'missing.json') })],
      ['CLINIC_CONFIG', () => ({ CLINIC_CONFIG: badClinicFile() })],
      ['REMINDER_ATTEMPTS', () => ({ REMINDER_ATTEMPTS: 'many' })],
      ['DATA_DIR', () => ({ DATA_DIR: join(ROOT, 'package.json') })],
    ];

    it.each(cases)('%s (%#)', async (setting, env) => {
      const api = await start(env());
      let timer: NodeJS.Timeout | undefined;
      const exit = await Promise.race([
        api.exited,
        new Promise<'still running'>((r) => (timer = setTimeout(() => r('still running'), 30_000))),
      ]).finally(() => clearTimeout(timer));
      expect(exit).not.toBe('still running');
      expect((exit as Exit).code).not.toBe(0);
      expect((exit as Exit).code).not.toBeNull();
      expect(api.output()).toContain(`Configuration error in ${setting}`);
      // The message, not a crash: no stack trace.
      expect(api.output()).not.toMatch(/\n\s+at /);
    });
  });
});
