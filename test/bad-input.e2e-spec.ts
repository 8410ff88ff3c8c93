import { EventStore } from '@app/event-store';
import { ClinicScenario } from './support/clinic-scenario';
import { startTestApp, type Role, type TestApp } from './support/test-app';

/**
 * Every POST route refuses bad input with a 400 (or 413) problem naming the field, and writes
 * nothing to the log. The ids in the paths are real, so a body that passed validation would act.
 */
/** A well-formed id: the bodies below fail validation before any id is looked up. */
const SOME_ID = '00000000-0000-4000-8000-000000000001';

describe('bad input on every POST route', () => {
  let t: TestApp;
  let clinic: ClinicScenario;
  let ids!: { patientId: string; seriesId: string; appointmentId: string };

  beforeAll(async () => {
    t = await startTestApp();
    clinic = new ClinicScenario(t);
    await clinic.setClock('2027-03-01T07:00:00-05:00');
    const patientId = await clinic.registerPatient();
    const seriesId = await clinic.openSeries(patientId);
    const appointmentId = await clinic.book(seriesId, '2027-03-02T09:00:00-05:00');
    ids = { patientId, seriesId, appointmentId };
  });
  afterAll(() => t.close());

  type Case = [description: string, body: unknown, field: string];
  const routes: Array<{
    name: string;
    path: () => string;
    role: Role;
    valid: () => Record<string, unknown>;
    cases: Case[];
  }> = [
    {
      name: 'POST /patients',
      path: () => '/patients',
      role: 'front-desk',
      valid: () => ({ mrn: 'MRN-BAD-1', givenName: 'A', familyName: 'B', birthDate: '1970-01-01' }),
      cases: [
        ['missing mrn', { givenName: 'A', familyName: 'B', birthDate: '1970-01-01' }, 'mrn'],
        [
          'impossible birth date',
          { mrn: 'X1', givenName: 'A', familyName: 'B', birthDate: '1970-02-30' },
          'birthDate',
        ],
        [
          'wrong type',
          { mrn: 12, givenName: 'A', familyName: 'B', birthDate: '1970-01-01' },
          'mrn',
        ],
        [
          'bad phone',
          { mrn: 'X2', givenName: 'A', familyName: 'B', birthDate: '1970-01-01', phone: '555' },
          'phone',
        ],
        [
          'unknown time zone',
          {
            mrn: 'X3',
            givenName: 'A',
            familyName: 'B',
            birthDate: '1970-01-01',
            timeZone: 'Mars/Base',
          },
          'timeZone',
        ],
        [
          'unknown field',
          { mrn: 'X4', givenName: 'A', familyName: 'B', birthDate: '1970-01-01', ssn: '1' },
          'ssn',
        ],
      ],
    },
    {
      name: 'POST /series',
      path: () => '/series',
      role: 'physician',
      valid: () => ({
        patientId: SOME_ID,
        indication: 'crps-1',
        side: 'left',
        intent: 'diagnostic',
      }),
      cases: [
        [
          'unknown indication',
          { patientId: SOME_ID, indication: 'migraine', side: 'left', intent: 'diagnostic' },
          'indication',
        ],
        [
          'missing side',
          { patientId: SOME_ID, indication: 'crps-1', intent: 'diagnostic' },
          'side',
        ],
        [
          'patient id not a uuid',
          { patientId: 'p1', indication: 'crps-1', side: 'left', intent: 'diagnostic' },
          'patientId',
        ],
        [
          'bad icd10',
          {
            patientId: SOME_ID,
            indication: 'crps-1',
            side: 'left',
            intent: 'diagnostic',
            icd10: 'crps',
          },
          'icd10',
        ],
      ],
    },
    {
      name: 'POST /series/:id/referrals',
      path: () => `/series/${ids.seriesId}/referrals`,
      role: 'physician',
      valid: () => ({ modality: 'radiofrequency' }),
      cases: [
        ['unknown modality', { modality: 'surgery' }, 'modality'],
        ['note not a string', { modality: 'phenol', note: 5 }, 'note'],
      ],
    },
    {
      name: 'POST /series/:id/close',
      path: () => `/series/${ids.seriesId}/close`,
      role: 'physician',
      valid: () => ({ reason: 'done' }),
      cases: [
        ['missing reason', {}, 'reason'],
        ['empty reason', { reason: '' }, 'reason'],
      ],
    },
    {
      name: 'POST /appointments',
      path: () => '/appointments',
      role: 'front-desk',
      valid: () => ({
        seriesId: SOME_ID,
        physicianId: 'x',
        roomId: 'y',
        start: '2027-03-09T09:00:00-05:00',
        sedation: false,
      }),
      cases: [
        [
          'start without offset',
          {
            seriesId: SOME_ID,
            physicianId: 'x',
            roomId: 'y',
            start: '2027-03-09T09:00:00',
            sedation: false,
          },
          'start',
        ],
        [
          'impossible start',
          {
            seriesId: SOME_ID,
            physicianId: 'x',
            roomId: 'y',
            start: '2027-02-30T09:00:00-05:00',
            sedation: false,
          },
          'start',
        ],
        [
          'sedation as a string',
          {
            seriesId: SOME_ID,
            physicianId: 'x',
            roomId: 'y',
            start: '2027-03-09T09:00:00-05:00',
            sedation: 'yes',
          },
          'sedation',
        ],
        [
          'unknown anticoagulant',
          {
            seriesId: SOME_ID,
            physicianId: 'x',
            roomId: 'y',
            start: '2027-03-09T09:00:00-05:00',
            sedation: false,
            anticoagulant: 'heparin-cream',
          },
          'anticoagulant',
        ],
      ],
    },
    {
      name: 'POST /appointments/:id/reschedule',
      path: () => `/appointments/${ids.appointmentId}/reschedule`,
      role: 'front-desk',
      valid: () => ({ start: '2027-03-03T09:00:00-05:00' }),
      cases: [
        ['missing start', {}, 'start'],
        ['room not a string', { start: '2027-03-03T09:00:00-05:00', roomId: 7 }, 'roomId'],
      ],
    },
    {
      name: 'POST /appointments/:id/cancel',
      path: () => `/appointments/${ids.appointmentId}/cancel`,
      role: 'front-desk',
      valid: () => ({ reason: 'fever' }),
      cases: [['missing reason', {}, 'reason']],
    },
    {
      name: 'POST /appointments/:id/check-in',
      path: () => `/appointments/${ids.appointmentId}/check-in`,
      role: 'nurse',
      valid: () => ({ escortPresent: true, fastingConfirmed: true, anticoagulantHeld: true }),
      cases: [
        [
          'missing escortPresent',
          { fastingConfirmed: true, anticoagulantHeld: true },
          'escortPresent',
        ],
        [
          'number for a boolean',
          { escortPresent: 1, fastingConfirmed: true, anticoagulantHeld: true },
          'escortPresent',
        ],
      ],
    },
    {
      name: 'POST /appointments/:id/procedure',
      path: () => `/appointments/${ids.appointmentId}/procedure`,
      role: 'physician',
      valid: () => ({
        levels: ['L2'],
        side: 'left',
        sedationGiven: false,
        baselineTempC: 29,
        peakTempC: 32,
        painBefore: 7,
        painAfter: 2,
      }),
      cases: [
        [
          'pain above 10',
          {
            levels: ['L2'],
            side: 'left',
            sedationGiven: false,
            baselineTempC: 29,
            peakTempC: 32,
            painBefore: 11,
            painAfter: 2,
          },
          'painBefore',
        ],
        [
          'pain not an integer',
          {
            levels: ['L2'],
            side: 'left',
            sedationGiven: false,
            baselineTempC: 29,
            peakTempC: 32,
            painBefore: 7,
            painAfter: 2.5,
          },
          'painAfter',
        ],
        [
          'unknown level',
          {
            levels: ['T12'],
            side: 'left',
            sedationGiven: false,
            baselineTempC: 29,
            peakTempC: 32,
            painBefore: 7,
            painAfter: 2,
          },
          'levels',
        ],
        [
          'no levels',
          {
            levels: [],
            side: 'left',
            sedationGiven: false,
            baselineTempC: 29,
            peakTempC: 32,
            painBefore: 7,
            painAfter: 2,
          },
          'levels',
        ],
        [
          'temperature out of range',
          {
            levels: ['L2'],
            side: 'left',
            sedationGiven: false,
            baselineTempC: 29,
            peakTempC: 320,
            painBefore: 7,
            painAfter: 2,
          },
          'peakTempC',
        ],
        [
          'temperature as text',
          {
            levels: ['L2'],
            side: 'left',
            sedationGiven: false,
            baselineTempC: '29',
            peakTempC: 32,
            painBefore: 7,
            painAfter: 2,
          },
          'baselineTempC',
        ],
      ],
    },
    {
      name: 'POST /appointments/:id/discharge',
      path: () => `/appointments/${ids.appointmentId}/discharge`,
      role: 'nurse',
      valid: () => ({ aldreteScore: 10, padssScore: 10, escortPresent: true, disposition: 'home' }),
      cases: [
        [
          'aldrete out of range',
          { aldreteScore: 11, padssScore: 10, escortPresent: true, disposition: 'home' },
          'aldreteScore',
        ],
        [
          'unknown disposition',
          { aldreteScore: 10, padssScore: 10, escortPresent: true, disposition: 'taxi' },
          'disposition',
        ],
      ],
    },
    {
      name: 'POST /appointments/:id/follow-up',
      path: () => `/appointments/${ids.appointmentId}/follow-up`,
      role: 'nurse',
      valid: () => ({ daysAfter: 7, painScore: 3, reliefLastedHours: 36 }),
      cases: [
        ['negative days', { daysAfter: -1, painScore: 3, reliefLastedHours: 36 }, 'daysAfter'],
        ['missing relief', { daysAfter: 7, painScore: 3 }, 'reliefLastedHours'],
      ],
    },
    {
      name: 'POST /dev/clock',
      path: () => '/dev/clock',
      role: 'admin',
      valid: () => ({ now: null }),
      cases: [
        ['missing now', {}, 'now'],
        ['date without time', { now: '2027-03-01' }, 'now'],
      ],
    },
  ];

  const head = () => t.app.get(EventStore).headPosition();

  describe.each(routes.map((r) => [r.name, r] as const))('%s', (_, route) => {
    it.each(route.cases.map((c) => [c[0], c] as const))(
      '%s → 400 naming the field, nothing written',
      async (__, [, body, field]) => {
        const before = await head();
        const response = await t
          .as(route.role)
          .post(route.path())
          .send(body as object);
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
        expect(response.body).toMatchObject({ status: 400, code: 'validation' });
        expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(field);
        expect(await head()).toBe(before);
      },
    );

    it('non-JSON body → 400', async () => {
      const before = await head();
      const response = await t
        .as(route.role)
        .post(route.path())
        .set('content-type', 'application/json')
        .send('{"oops": ');
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation');
      expect(await head()).toBe(before);
    });

    it('a body that is a JSON array → 400', async () => {
      const response = await t.as(route.role).post(route.path()).send([route.valid()]);
      expect(response.status).toBe(400);
    });

    it('a 2 MB body → 413', async () => {
      const before = await head();
      const response = await t
        .as(route.role)
        .post(route.path())
        .send({ ...route.valid(), padding: 'x'.repeat(2 * 1024 * 1024) });
      expect(response.status).toBe(413);
      expect(response.body.code).toBe('payload-too-large');
      expect(await head()).toBe(before);
    });
  });

  it('an id in the path that is not an id → 404, not 500', async () => {
    const response = await t
      .as('nurse')
      .post('/appointments/not-an-id/check-in')
      .send({ escortPresent: true, fastingConfirmed: true, anticoagulantHeld: true });
    expect(response.status).toBe(404);
  });
});
