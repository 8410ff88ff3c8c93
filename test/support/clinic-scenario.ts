import type { SeriesView } from '@app/read-models';
import type { TestApp } from './test-app';

/** The demo clinic (America/New_York, Mon–Fri 08:00–17:00; dr-… physicians, rooms from GET /resources). */
export interface Resources {
  physicians: string[];
  rooms: string[];
}

let mrnCounter = 0;

/** Drives the app over HTTP the way the clinic's staff would; each step asserts its status. */
export class ClinicScenario {
  private resources?: Resources;

  constructor(private readonly t: Pick<TestApp, 'as'>) {}

  async setClock(now: string | null): Promise<void> {
    await this.t.as('admin').post('/dev/clock').send({ now }).expect(200);
  }

  async resourceIds(): Promise<Resources> {
    if (!this.resources) {
      const { body } = await this.t.as('front-desk').get('/resources').expect(200);
      const list = body as Array<{ id: string; kind: string }>;
      this.resources = {
        physicians: list.filter((r) => r.kind === 'physician').map((r) => r.id),
        rooms: list.filter((r) => r.kind === 'fluoroscopy-room').map((r) => r.id),
      };
    }
    return this.resources;
  }

  async registerPatient(overrides: Record<string, unknown> = {}): Promise<string> {
    mrnCounter += 1;
    const { body } = await this.t
      .as('front-desk')
      .post('/patients')
      .send({
        mrn: `MRN-${process.pid}-${Date.now().toString(36)}-${mrnCounter}`,
        givenName: 'Test',
        familyName: 'Patient',
        birthDate: '1970-01-01',
        phone: '+15555550100',
        ...overrides,
      })
      .expect(201);
    return body.id;
  }

  async openSeries(patientId: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const { body } = await this.t
      .as('physician')
      .post('/series')
      .send({ patientId, indication: 'crps-1', side: 'left', intent: 'prognostic', ...overrides })
      .expect(201);
    return body.id;
  }

  async book(
    seriesId: string,
    start: string,
    overrides: Record<string, unknown> = {},
  ): Promise<string> {
    const { physicians, rooms } = await this.resourceIds();
    const { body } = await this.t
      .as('front-desk')
      .post('/appointments')
      .send({
        seriesId,
        physicianId: physicians[0],
        roomId: rooms[0],
        start,
        sedation: false,
        ...overrides,
      })
      .expect(201);
    return body.id;
  }

  async checkIn(appointmentId: string, overrides: Record<string, unknown> = {}): Promise<void> {
    await this.t
      .as('nurse')
      .post(`/appointments/${appointmentId}/check-in`)
      .send({ escortPresent: true, fastingConfirmed: true, anticoagulantHeld: true, ...overrides })
      .expect(200);
  }

  /** Records the block with a temperature rise and pain before/after; returns the response body. */
  async perform(
    appointmentId: string,
    outcome: { riseC: number; painBefore: number; painAfter: number },
    overrides: Record<string, unknown> = {},
  ): Promise<Record<string, unknown>> {
    const { body } = await this.t
      .as('physician')
      .post(`/appointments/${appointmentId}/procedure`)
      .send({
        levels: ['L2', 'L3'],
        side: 'left',
        sedationGiven: false,
        baselineTempC: 29.0,
        peakTempC: 29.0 + outcome.riseC,
        painBefore: outcome.painBefore,
        painAfter: outcome.painAfter,
        ...overrides,
      })
      .expect(201);
    return body;
  }

  async series(seriesId: string): Promise<SeriesView> {
    const { body } = await this.t.as('physician').get(`/series/${seriesId}`).expect(200);
    return body;
  }
}
