import { ProjectionRunner } from '@app/read-models';
import { ClinicScenario } from './support/clinic-scenario';
import { eventually } from './support/eventually';
import { startTestApp, type TestApp } from './support/test-app';

interface HealthReport {
  projections: Array<{ name: string; status: string; position: string }>;
}

/**
 * The api runs its projections and reminder work in a background thread (BackgroundThread): the
 * request thread only reads the views, follows the thread's progress for read-your-writes and
 * /health, and hands rebuilds to it.
 */
describe('the background thread', () => {
  let t: TestApp;
  let clinic: ClinicScenario;

  beforeAll(async () => {
    t = await startTestApp();
    clinic = new ClinicScenario(t);
  });
  afterAll(() => t.close());

  it('runs the projections, not the request thread, and /health follows them', async () => {
    expect(t.app.get(ProjectionRunner).isRunning).toBe(false);
    const patientId = await clinic.registerPatient();
    // Read-your-writes: the 201 came after the thread's views passed the booking's position.
    await t.as('nurse').get(`/patients/${patientId}`).expect(200);
    const health = (await t.as(null).get('/health').expect(200)).body as HealthReport;
    expect(health.projections.map((p) => p.name).sort()).toEqual([
      'appointment-view',
      'availability',
      'patient-view',
      'series-view',
    ]);
    for (const projection of health.projections) {
      expect(projection.status).toBe('running');
      expect(BigInt(projection.position)).toBeGreaterThanOrEqual(0n);
    }
  });

  it('rebuilds the views there while the api keeps answering, and reports how it went', async () => {
    const patientId = await clinic.registerPatient();
    const started = await t.as('admin').post('/admin/projections/rebuild').expect(202);
    expect(['running', 'succeeded']).toContain(started.body.state);
    await t.as('nurse').get(`/patients/${patientId}`).expect(200);
    await eventually(async () => {
      const { body } = await t.as('admin').get('/admin/projections/rebuild').expect(200);
      return body.state === 'succeeded';
    }, 'the rebuild to succeed');
    const { body } = await t.as('admin').get('/admin/projections/rebuild').expect(200);
    expect(body.lastResult.events).toBeGreaterThan(0);
    await t.as('nurse').get(`/patients/${patientId}`).expect(200);
    const another = await clinic.registerPatient();
    await t.as('nurse').get(`/patients/${another}`).expect(200);
  });
});
