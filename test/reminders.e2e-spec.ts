import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DateTime } from 'luxon';
import { REMINDER_KINDS } from '@app/domain';
import { DEFAULT_REMINDER_QUEUE_NAME } from '@app/reminders';
import { ClinicScenario } from './support/clinic-scenario';
import { eventually } from './support/eventually';
import { REDIS_URL, startTestApp, type TestApp } from './support/test-app';
import { startWebhookGateway, type WebhookGateway } from './support/webhook-gateway';

/**
 * Reminders end to end, through HTTP: bookings become delayed BullMQ jobs in Redis
 * (`reminder-<appointmentId>-<kind>`, delayed to their due instant), moves and cancellations move or
 * remove them, a due reminder reaches the clinic's gateway (NOTIFY_WEBHOOK_URL) once, signed, and
 * is recorded (GET /appointments/:id, GET /series/:id/history); opted-out patients get nothing;
 * a reminder the gateway refuses for good is dead-lettered for the admin.
 *
 * BullMQ delays run on real time while the dev clock can be moved: jobs are inspected with the
 * clock in the future (their delays run to their due instants), and reminders that must go out now
 * are booked with the clock in the past, so that their due instant has passed in real time too.
 */
jest.setTimeout(60_000);

const SECRET = 'e2e-webhook-secret';
const ZONE = 'America/New_York';
const REFUSED_PHONE = '+15555550199';
/**
 * A Tuesday afternoon before real time. A block booked then for the next morning (before 16:00) has
 * one reminder planned: the 24-h one, whose mark has passed, so it is due at the booking instant,
 * which has passed in real time too: BullMQ runs it at once. (Its 72-h call expired 24 h before.)
 * A later block would also get reminders due later on the dev clock, which BullMQ would run at once.
 */
const PAST = '2026-03-03T16:00:00-05:00';
const PAST_DAY = '2026-03-04';
/** A Monday in the future: jobs stay delayed. */
const FUTURE = '2027-03-01T07:00:00-05:00';

type Reminder = { kind: string; dueAt: string; status: string };

describe('reminders through HTTP', () => {
  let gateway: WebhookGateway;
  let t: TestApp;
  let clinic: ClinicScenario;
  let redis: IORedis;
  let queue: Queue;

  beforeAll(async () => {
    gateway = await startWebhookGateway(SECRET, new Set([REFUSED_PHONE]));
    t = await startTestApp({ NOTIFY_WEBHOOK_URL: gateway.url, NOTIFY_WEBHOOK_SECRET: SECRET });
    clinic = new ClinicScenario(t);
    redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
    queue = new Queue(DEFAULT_REMINDER_QUEUE_NAME, { connection: redis, prefix: t.redisKeyPrefix });
  });
  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await t?.close();
    await gateway?.close();
  });

  /** The appointment's jobs still waiting to run, by kind. */
  const pendingJobs = async (appointmentId: string) => {
    const found = new Map<string, { dueAt: string; runAt: number; state: string }>();
    for (const kind of REMINDER_KINDS) {
      const job = await queue.getJob(`reminder-${appointmentId}-${kind}`);
      if (!job) continue;
      const state = await job.getState();
      if (state !== 'delayed' && state !== 'waiting') continue;
      found.set(kind, { dueAt: job.data.dueAt, runAt: job.timestamp + job.delay, state });
    }
    return found;
  };
  const remindersOf = async (appointmentId: string): Promise<Reminder[]> => {
    const { body } = await t.as('front-desk').get(`/appointments/${appointmentId}`).expect(200);
    return body.reminders;
  };
  const expectInstants = (actual: Map<string, string>, expected: Record<string, string>) => {
    expect([...actual.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [kind, dueAt] of actual) expect(Date.parse(dueAt)).toBe(Date.parse(expected[kind]));
  };
  const before = (start: string, days: number, hour?: number) => {
    const s = DateTime.fromISO(start, { setZone: true }).setZone(ZONE).minus({ days });
    return (hour === undefined ? s : s.set({ hour, minute: 0 })).toISO()!;
  };

  it('booking → one delayed job per planned reminder, id reminder-<appointmentId>-<kind>, delayed to its due instant; GET lists them scheduled', async () => {
    await clinic.setClock(FUTURE);
    const start = '2027-03-10T09:00:00-05:00';
    const seriesId = await clinic.openSeries(await clinic.registerPatient());
    const appointmentId = await clinic.book(seriesId, start, {
      sedation: true,
      anticoagulant: 'apixaban',
    });
    // docs/clinical-rules.md: apixaban is held 3 days, its reminder goes out hold + 1 day before; a call 72 h
    // before; a reminder 24 h before; fasting and escort at 18:00 the evening before (sedation).
    const expected = {
      'anticoagulant-hold': before(start, 4),
      'pre-procedure-call': before(start, 3),
      'appointment-reminder': before(start, 1),
      'fasting-and-escort': before(start, 1, 18),
    };

    let jobs = new Map<string, { dueAt: string; runAt: number; state: string }>();
    await eventually(async () => {
      jobs = await pendingJobs(appointmentId);
      return jobs.size === Object.keys(expected).length;
    }, 'the reminder jobs of the booking');
    expectInstants(new Map([...jobs].map(([k, j]) => [k, j.dueAt])), expected);
    for (const job of jobs.values()) {
      expect(job.state).toBe('delayed');
      // BullMQ runs a job at added + delay (real time): that is the due instant.
      expect(Math.abs(job.runAt - Date.parse(job.dueAt))).toBeLessThan(2000);
    }

    const reminders = await remindersOf(appointmentId);
    expectInstants(new Map(reminders.map((r) => [r.kind, r.dueAt])), expected);
    for (const r of reminders) expect(r.status).toBe('scheduled');
  });

  it('reschedule → the jobs move to the new instants (none left at the old ones); cancel → no job left, reminders cancelled', async () => {
    await clinic.setClock(FUTURE);
    const first = '2027-03-11T10:00:00-05:00';
    const seriesId = await clinic.openSeries(await clinic.registerPatient());
    const appointmentId = await clinic.book(seriesId, first);
    const dueAt = async () =>
      new Map([...(await pendingJobs(appointmentId))].map(([k, j]) => [k, j.dueAt]));
    const plannedFor = (start: string) => ({
      'pre-procedure-call': before(start, 3),
      'appointment-reminder': before(start, 1),
    });
    await eventually(async () => (await dueAt()).size === 2, 'the jobs of the first slot');
    expectInstants(await dueAt(), plannedFor(first));

    // Moved past the change to daylight saving time: whole days keep the wall-clock time.
    const moved = '2027-03-18T13:00:00-04:00';
    await t
      .as('front-desk')
      .post(`/appointments/${appointmentId}/reschedule`)
      .send({ start: moved })
      .expect(200);
    const expectedAfterMove = plannedFor(moved);
    expect(expectedAfterMove['pre-procedure-call']).toBe('2027-03-15T13:00:00.000-04:00');
    await eventually(async () => {
      const now = await dueAt();
      return [...now].every(
        ([k, d]) => Date.parse(d) === Date.parse(expectedAfterMove[k as 'pre-procedure-call']),
      );
    }, 'the jobs to move');
    expectInstants(await dueAt(), expectedAfterMove);
    for (const job of (await pendingJobs(appointmentId)).values())
      expect(Math.abs(job.runAt - Date.parse(job.dueAt))).toBeLessThan(2000);
    const scheduled = (await remindersOf(appointmentId)).filter((r) => r.status === 'scheduled');
    expectInstants(new Map(scheduled.map((r) => [r.kind, r.dueAt])), expectedAfterMove);

    await t
      .as('front-desk')
      .post(`/appointments/${appointmentId}/cancel`)
      .send({ reason: 'patient request' })
      .expect(200);
    await eventually(async () => (await dueAt()).size === 0, 'the jobs to be removed');
    const counts = await queue.getJobCounts('delayed', 'waiting');
    expect(counts.waiting).toBe(0);
    const reminders = await remindersOf(appointmentId);
    expect(reminders.length).toBeGreaterThan(0);
    for (const r of reminders) expect(r.status).toBe('cancelled');
  });

  it('a patient who opts out after booking: the delayed jobs are removed', async () => {
    await clinic.setClock(FUTURE);
    const patientId = await clinic.registerPatient();
    const appointmentId = await clinic.book(
      await clinic.openSeries(patientId),
      '2027-03-12T09:00:00-05:00',
    );
    await eventually(async () => (await pendingJobs(appointmentId)).size === 2, 'the jobs');
    await t
      .as('front-desk')
      .post(`/patients/${patientId}/reminder-preferences`)
      .send({ channel: 'sms', optedOut: true })
      .expect(200);
    await eventually(async () => (await pendingJobs(appointmentId)).size === 0, 'jobs removed');
    for (const r of await remindersOf(appointmentId)) expect(r.status).not.toBe('scheduled');
  });

  it('a due reminder reaches the gateway once, signed, and ReminderSent shows on the appointment and in the series history', async () => {
    await clinic.setClock(PAST);
    const patientId = await clinic.registerPatient({ phone: '+15555550123' });
    const seriesId = await clinic.openSeries(patientId, { indication: 'phantom-limb' });
    const appointmentId = await clinic.book(seriesId, `${PAST_DAY}T09:00:00-05:00`);

    await eventually(async () => {
      const reminder = (await remindersOf(appointmentId)).find(
        (r) => r.kind === 'appointment-reminder',
      );
      return reminder?.status === 'sent';
    }, 'the appointment reminder to be sent');
    const received = gateway.forAppointment(appointmentId);
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request.validSignature).toBe(true);
    expect(request.status).toBe(200);
    expect(request.body).toMatchObject({
      channel: 'sms',
      to: '+15555550123',
      reminder: { appointmentId, kind: 'appointment-reminder' },
    });
    expect(request.idempotencyKey).toMatch(
      new RegExp(`^reminder-${appointmentId}-appointment-reminder-\\d+$`),
    );
    expect(request.body.idempotencyKey).toBe(request.idempotencyKey);
    // What the patient needs, no diagnosis.
    expect(`${request.body.subject} ${request.body.text}`).not.toMatch(/phantom|crps|G54/i);

    const { body: history } = await t
      .as('physician')
      .get(`/series/${seriesId}/history`)
      .expect(200);
    const sent = (history.events as Array<{ type: string; data: Record<string, unknown> }>).filter(
      (e) => e.type === 'ReminderSent',
    );
    expect(sent).toHaveLength(1);
    expect(sent[0].data).toMatchObject({ appointmentId, kind: 'appointment-reminder' });
    // Only the 24-h reminder was planned; the 72-h call had expired when it was booked.
    expect(await pendingJobs(appointmentId)).toEqual(new Map());
  });

  it('a patient opted out of every channel gets nothing, while one booked right after is reminded', async () => {
    await clinic.setClock(PAST);
    const optedOut = await clinic.registerPatient({
      phone: '+15555550124',
      email: 'opted-out@example.test',
    });
    for (const channel of ['sms', 'email'])
      await t
        .as('front-desk')
        .post(`/patients/${optedOut}/reminder-preferences`)
        .send({ channel, optedOut: true })
        .expect(200);
    const silent = await clinic.book(
      await clinic.openSeries(optedOut),
      `${PAST_DAY}T11:00:00-05:00`,
    );
    const reminded = await clinic.book(
      await clinic.openSeries(await clinic.registerPatient({ phone: '+15555550125' })),
      `${PAST_DAY}T12:00:00-05:00`,
    );

    // The reactor plans in log order: once the later booking's reminder went out, the opted-out
    // patient's booking has been planned too.
    await eventually(
      async () => gateway.forAppointment(reminded).some((r) => r.status === 200),
      'the reminder of the patient who did not opt out',
    );
    expect(gateway.forAppointment(silent)).toEqual([]);
    expect(
      gateway.requests.filter((r) =>
        ['+15555550124', 'opted-out@example.test'].includes(r.body.to!),
      ),
    ).toEqual([]);
    // Nothing was even planned for them: no job of any kind, in any state.
    for (const kind of REMINDER_KINDS)
      expect(await queue.getJob(`reminder-${silent}-${kind}`)).toBeUndefined();
    for (const r of await remindersOf(silent)) expect(r.status).not.toBe('sent');
  });

  it('a reminder the gateway refuses for good is failed and dead-lettered; GET /admin/dead-letters lists it for the admin only', async () => {
    await clinic.setClock(PAST);
    const appointmentId = await clinic.book(
      await clinic.openSeries(await clinic.registerPatient({ phone: REFUSED_PHONE })),
      `${PAST_DAY}T13:00:00-05:00`,
    );
    const jobId = `reminder-${appointmentId}-appointment-reminder`;
    let letters: Array<{ jobId: string; error: string; data: { appointmentId: string } }> = [];
    await eventually(async () => {
      letters = (await t.as('admin').get('/admin/dead-letters').expect(200)).body;
      return letters.some((l) => l.jobId === jobId);
    }, 'the dead letter');
    const letter = letters.find((l) => l.jobId === jobId)!;
    expect(letter.data.appointmentId).toBe(appointmentId);
    expect(letter.error).toMatch(/400/);
    expect(letter.error).not.toContain(REFUSED_PHONE);
    expect(gateway.forAppointment(appointmentId).map((r) => r.status)).toEqual([400]);
    await eventually(
      async () =>
        (await remindersOf(appointmentId)).find((r) => r.kind === 'appointment-reminder')
          ?.status === 'failed',
      'the reminder to show as failed',
    );

    await t.as('front-desk').get('/admin/dead-letters').expect(403);
    await t.as(null).get('/admin/dead-letters').expect(401);
  });

  it('/admin/queues (Bull Board) answers the admin and refuses everyone else', async () => {
    const page = await t.as('admin').get('/admin/queues').redirects(1);
    expect(page.status).toBe(200);
    const { body } = await t.as('admin').get('/admin/queues/api/queues').expect(200);
    expect(JSON.stringify(body)).toContain(DEFAULT_REMINDER_QUEUE_NAME);
    for (const role of ['front-desk', 'nurse', 'physician'] as const) {
      const refused = await t.as(role).get('/admin/queues');
      expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
    }
    const anonymous = await t.as(null).get('/admin/queues');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'unauthenticated']);
    const forged = await t.as(null).get('/admin/queues').set('authorization', 'Bearer forged');
    expect(forged.status).toBe(401);
  });

  it('no reminder reached the gateway twice, and every request was signed', () => {
    const keys = gateway.requests.map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const r of gateway.requests) expect(r.validSignature).toBe(true);
  });
});
