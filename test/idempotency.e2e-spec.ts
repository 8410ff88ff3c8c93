import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EventStore } from '@app/event-store';
import { ClinicScenario } from './support/clinic-scenario';
import { startTestApp, type TestApp } from './support/test-app';

/** docs/http-api.md: a retry with the same Idempotency-Key and body returns the first answer and writes nothing new. */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let clinic: ClinicScenario;

  beforeAll(async () => {
    t = await startTestApp();
    clinic = new ClinicScenario(t);
    await clinic.setClock('2027-03-01T07:00:00-05:00');
  });
  afterAll(() => t.close());

  const head = () => t.app.get(EventStore).headPosition();

  it('a retried booking returns the same answer and writes one set of events', async () => {
    const { physicians, rooms } = await clinic.resourceIds();
    const seriesId = await clinic.openSeries(await clinic.registerPatient());
    const body = {
      seriesId,
      physicianId: physicians[1],
      roomId: rooms[1],
      start: '2027-03-02T14:00:00-05:00',
      sedation: true,
    };
    const first = await t
      .as('front-desk')
      .post('/appointments')
      .set('Idempotency-Key', 'book-1')
      .send(body)
      .expect(201);
    const after = await head();
    const second = await t
      .as('front-desk')
      .post('/appointments')
      .set('Idempotency-Key', 'book-1')
      .send(body)
      .expect(201);
    expect(second.body).toEqual(first.body);
    expect(await head()).toBe(after);
    const events = await t.app.get(EventStore).readStream(`TreatmentSeries-${seriesId}`);
    expect(events.filter((e) => e.type === 'BlockBooked')).toHaveLength(1);
  });

  it('concurrent retries of one booking: one booking, the same answer', async () => {
    const { physicians, rooms } = await clinic.resourceIds();
    const seriesId = await clinic.openSeries(await clinic.registerPatient());
    const body = {
      seriesId,
      physicianId: physicians[0],
      roomId: rooms[1],
      start: '2027-03-03T10:00:00-05:00',
      sedation: false,
    };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        t.as('front-desk').post('/appointments').set('Idempotency-Key', 'book-2').send(body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const events = await t.app.get(EventStore).readStream(`TreatmentSeries-${seriesId}`);
    expect(events.filter((e) => e.type === 'BlockBooked')).toHaveLength(1);
  });

  it('a retried booking whose first answer was never recorded gets that answer, even after the block moved on', async () => {
    const { physicians, rooms } = await clinic.resourceIds();
    const seriesId = await clinic.openSeries(await clinic.registerPatient());
    const body = {
      seriesId,
      physicianId: physicians[1],
      roomId: rooms[0],
      start: '2027-03-04T11:00:00-05:00',
      sedation: false,
    };
    const send = () =>
      t.as('front-desk').post('/appointments').set('Idempotency-Key', 'book-3').send(body);
    const first = await send().expect(201);
    await clinic.setClock('2027-03-04T10:45:00-05:00');
    await clinic.checkIn(first.body.id);
    // As if the answer was lost before it was recorded (a crash in between): only the events remain.
    const keys = new Database(join(t.dataDir, 'idempotency.sqlite'));
    keys.prepare("DELETE FROM idempotency_keys WHERE scope LIKE '% book-3'").run();
    keys.close();
    const after = await head();
    const second = await send().expect(201);
    expect(second.body).toEqual(first.body);
    expect(await head()).toBe(after);
    await clinic.setClock('2027-03-01T07:00:00-05:00');
  });

  it('concurrent retries of one registration: one patient, the same answer', async () => {
    const body = {
      mrn: 'MRN-IDEM-CONCURRENT',
      givenName: 'Same',
      familyName: 'Key',
      birthDate: '1980-05-05',
    };
    const before = await head();
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.as('front-desk').post('/patients').set('Idempotency-Key', 'register-1').send(body),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect((await head()) - before).toBe(1n);
  });

  it('the same key with another body is a 409 and writes nothing', async () => {
    const body = { mrn: 'MRN-IDEM-2', givenName: 'Ada', familyName: 'L', birthDate: '1980-05-05' };
    await t
      .as('front-desk')
      .post('/patients')
      .set('Idempotency-Key', 'register-2')
      .send(body)
      .expect(201);
    const before = await head();
    const reused = await t
      .as('front-desk')
      .post('/patients')
      .set('Idempotency-Key', 'register-2')
      .send({ ...body, mrn: 'MRN-IDEM-3' })
      .expect(409);
    expect(reused.body.code).toBe('idempotency-key-reused');
    expect(await head()).toBe(before);
  });

  it('a key whose first request was refused can be used again once the body is fixed', async () => {
    await t
      .as('front-desk')
      .post('/patients')
      .set('Idempotency-Key', 'register-4')
      .send({ mrn: 'MRN-IDEM-4' })
      .expect(400);
    await t
      .as('front-desk')
      .post('/patients')
      .set('Idempotency-Key', 'register-4')
      .send({ mrn: 'MRN-IDEM-4', givenName: 'A', familyName: 'B', birthDate: '1990-01-01' })
      .expect(201);
  });

  it('without a key, a second registration of one MRN is a 409 duplicate-mrn', async () => {
    const body = { mrn: 'MRN-IDEM-5', givenName: 'A', familyName: 'B', birthDate: '1990-01-01' };
    await t.as('front-desk').post('/patients').send(body).expect(201);
    const duplicate = await t.as('front-desk').post('/patients').send(body).expect(409);
    expect(duplicate.body.code).toBe('duplicate-mrn');
  });
});
