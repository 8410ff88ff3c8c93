import { ClinicScenario } from './support/clinic-scenario';
import { contractAt } from './support/openapi-contract';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Every answer of the e2e tests is checked against the app's OpenAPI document (the agents of
 * test-app.ts). This test makes sure each route answers with success at least once, so each
 * documented success schema meets a real answer: a series from registration to its close.
 */
describe('every route answers as its OpenAPI document says', () => {
  let t: TestApp;
  let clinic: ClinicScenario;

  beforeAll(async () => {
    t = await startTestApp();
    clinic = new ClinicScenario(t);
  });
  afterAll(() => t.close());

  /** Its success needs a reminder whose retries ran out (reminders.e2e-spec.ts makes one). */
  const NOT_TOURED = ['POST /admin/dead-letters/{jobId}/retry'];

  it('a series from registration to its close, and the routes around it', async () => {
    const physician = t.as('physician');
    const nurse = t.as('nurse');
    const frontDesk = t.as('front-desk');
    const admin = t.as('admin');
    await t.as(null).get('/health').expect(200);
    await t.as(null).get('/health/live').expect(200);
    await t.as(null).get('/metrics').expect(200);
    await clinic.setClock('2027-03-01T07:00:00-05:00');
    const { physicians, rooms } = await clinic.resourceIds();

    const patientId = await clinic.registerPatient({ email: 'tour@example.org' });
    await frontDesk
      .post(`/patients/${patientId}/reminder-preferences`)
      .send({ channel: 'email', optedOut: true })
      .expect(200);
    const seriesId = await clinic.openSeries(patientId);
    await physician
      .post(`/series/${seriesId}/cap-overrides`)
      .send({ cap: 'yearly', reason: 'Enrolled in a functional restoration programme' })
      .expect(201);
    await physician.get(`/series?patientId=${patientId}`).expect(200);
    await frontDesk
      .get(
        `/availability?physicianId=${physicians[0]}&roomId=${rooms[0]}&from=2027-03-02&to=2027-03-02`,
      )
      .expect(200);

    // The first block: booked, moved, done, judged, discharged, followed up.
    const first = await clinic.book(seriesId, '2027-03-02T09:00:00-05:00');
    await frontDesk
      .post(`/appointments/${first}/reschedule`)
      .send({ start: '2027-03-02T10:00:00-05:00' })
      .expect(200);
    await clinic.setClock('2027-03-02T09:30:00-05:00');
    await clinic.checkIn(first);
    await clinic.setClock('2027-03-02T10:20:00-05:00');
    await clinic.perform(first, { riseC: 3, painBefore: 8, painAfter: 2 });
    await clinic.setClock('2027-03-02T13:00:00-05:00');
    await frontDesk.get('/schedule?date=2027-03-02').expect(200);
    await nurse
      .post(`/appointments/${first}/discharge`)
      .send({ aldreteScore: 10, padssScore: 10, escortPresent: true, disposition: 'home' })
      .expect(200);
    await clinic.setClock('2027-03-09T10:00:00-05:00');
    await nurse
      .post(`/appointments/${first}/follow-up`)
      .send({ daysAfter: 7, painScore: 2, reliefLastedHours: 36 })
      .expect(201);
    await frontDesk.get(`/appointments/${first}`).expect(200);

    // A second block cancelled, a third not come to.
    const second = await clinic.book(seriesId, '2027-03-16T09:00:00-04:00');
    await frontDesk
      .post(`/appointments/${second}/cancel`)
      .send({ reason: 'Patient has a fever (deferred)' })
      .expect(200);
    const third = await clinic.book(seriesId, '2027-03-17T09:00:00-04:00');
    await clinic.setClock('2027-03-17T10:30:00-04:00');
    await frontDesk.post(`/appointments/${third}/no-show`).expect(200);

    await physician
      .post(`/series/${seriesId}/referrals`)
      .send({ modality: 'radiofrequency' })
      .expect(201);
    await physician
      .post(`/series/${seriesId}/close`)
      .send({ reason: 'Referred for radiofrequency ablation' })
      .expect(200);
    await physician.get(`/series/${seriesId}`).expect(200);
    await physician.get(`/series/${seriesId}/history`).expect(200);
    await frontDesk.get(`/patients/${patientId}`).expect(200);

    await admin.get('/admin/dead-letters').expect(200);
    await admin.post('/admin/projections/rebuild').expect(202);
    await admin.get('/admin/projections/rebuild').expect(200);

    const contract = await contractAt(t.url);
    const succeeded = [...contract.answered()]
      .filter((answer) => /\s2\d\d$/.test(answer))
      .map((answer) => answer.replace(/\s\d+$/, ''));
    const missing = contract
      .operations()
      .filter((operation) => !succeeded.includes(operation) && !NOT_TOURED.includes(operation));
    expect(missing).toEqual([]);
  });
});
