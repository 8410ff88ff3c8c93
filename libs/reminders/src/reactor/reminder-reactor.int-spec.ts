import { DEFAULT_CLINICAL_POLICY } from '@app/domain';
import { InMemoryReminderQueue } from '../testing/in-memory-reminder-queue';
import { ReminderScenario, tempEventStore } from '../testing/reminder-scenario';
import { ReminderReactor } from './reminder-reactor';

const clinic = { name: 'Riverside Pain Clinic', timeZone: 'America/New_York' };
const START = '2027-03-02T09:00:00-05:00';
const NOW = new Date('2027-02-01T10:00:05-05:00');

describe('ReminderReactor (SQLite event store, in-memory queue)', () => {
  let env: ReturnType<typeof tempEventStore>;
  let scenario: ReminderScenario;
  let queue: InMemoryReminderQueue;
  let reactor: ReminderReactor;

  const newReactor = () =>
    new ReminderReactor(env.store, queue, {
      dataDir: env.dir,
      clinic,
      defaultPolicy: DEFAULT_CLINICAL_POLICY,
      clock: () => NOW,
      retryInitialMs: 20,
      retryMaxMs: 100,
      markerCheckIntervalMs: 100,
    });

  const caughtUp = async () => reactor.waitForPosition(await env.store.headPosition(), 15_000);
  const jobsOf = (appointmentId: string) =>
    Object.fromEntries(
      [...queue.jobs.values()]
        .filter((j) => j.data.appointmentId === appointmentId)
        .map((j) => [j.jobId, j.data.dueAt]),
    );

  beforeEach(() => {
    env = tempEventStore();
    scenario = new ReminderScenario(env.store);
    queue = new InMemoryReminderQueue();
    reactor = newReactor();
    reactor.start();
  });

  afterEach(async () => {
    await reactor.stop();
    await env.cleanup();
  });

  it('given a booking, then one delayed job per planned reminder, with deterministic ids', async () => {
    const { appointmentId } = await scenario.bookedBlock(START, { anticoagulant: 'apixaban' });
    await caughtUp();
    expect(jobsOf(appointmentId)).toEqual({
      [`reminder-${appointmentId}-anticoagulant-hold`]: '2027-02-26T09:00:00-05:00',
      [`reminder-${appointmentId}-pre-procedure-call`]: '2027-02-27T09:00:00-05:00',
      [`reminder-${appointmentId}-appointment-reminder`]: '2027-03-01T09:00:00-05:00',
      [`reminder-${appointmentId}-fasting-and-escort`]: '2027-03-01T18:00:00-05:00',
    });
  });

  it('given a reschedule, then the jobs move; given a cancellation, then nothing is left', async () => {
    const { seriesId, appointmentId } = await scenario.bookedBlock(START);
    await scenario.reschedule(seriesId, appointmentId, '2027-03-09T13:00:00-05:00', START);
    await caughtUp();
    expect(jobsOf(appointmentId)).toEqual({
      [`reminder-${appointmentId}-pre-procedure-call`]: '2027-03-06T13:00:00-05:00',
      [`reminder-${appointmentId}-appointment-reminder`]: '2027-03-08T13:00:00-05:00',
      [`reminder-${appointmentId}-fasting-and-escort`]: '2027-03-08T18:00:00-05:00',
    });
    await scenario.cancel(seriesId, appointmentId);
    await caughtUp();
    expect(jobsOf(appointmentId)).toEqual({});
  });

  it('given a patient who opts out of every channel, then their jobs go; opting back in brings them back', async () => {
    const { patientId, appointmentId } = await scenario.bookedBlock(START);
    await caughtUp();
    expect(Object.keys(jobsOf(appointmentId))).toHaveLength(3);
    await scenario.optOut(patientId, 'sms');
    await caughtUp();
    expect(jobsOf(appointmentId)).toEqual({});
    await scenario.optOut(patientId, 'sms', false);
    await caughtUp();
    expect(Object.keys(jobsOf(appointmentId))).toHaveLength(3);
  });

  it('given Redis down while booking, then the checkpoint waits and every job is there once it is back', async () => {
    await caughtUp();
    queue.available = false;
    const before = reactor.checkpoint();
    const booked = [
      await scenario.bookedBlock(START),
      await scenario.bookedBlock('2027-03-03T10:00:00-05:00'),
    ];
    await new Promise((r) => setTimeout(r, 300));
    expect(reactor.checkpoint()).toBe(before);
    expect(reactor.status().waitingForRedis).toBe(true);
    queue.available = true;
    await caughtUp();
    for (const { appointmentId } of booked)
      expect(Object.keys(jobsOf(appointmentId))).toHaveLength(3);
    expect(reactor.status()).toMatchObject({ waitingForRedis: false, lastError: null });
  });

  it('given Redis lost its data, then the reactor re-plans everything from the start of the log', async () => {
    const first = await scenario.bookedBlock(START);
    await caughtUp();
    queue.loseEverything();
    const second = await scenario.bookedBlock('2027-03-03T10:00:00-05:00');
    await caughtUp();
    // the marker check runs at least every 100 ms here; wait for the replay to restore the first
    const deadline = Date.now() + 15_000;
    while (Object.keys(jobsOf(first.appointmentId)).length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(Object.keys(jobsOf(first.appointmentId))).toHaveLength(3);
    expect(Object.keys(jobsOf(second.appointmentId))).toHaveLength(3);
  });

  it('given a restart, then it continues from its checkpoint and adds nothing twice', async () => {
    const { appointmentId } = await scenario.bookedBlock(START);
    await caughtUp();
    const jobs = jobsOf(appointmentId);
    await reactor.stop();
    const position = (await env.store.headPosition()).toString();
    reactor = newReactor();
    expect(reactor.checkpoint().toString()).toBe(position);
    const operations = queue.operations;
    reactor.start();
    const next = await scenario.bookedBlock('2027-03-03T10:00:00-05:00');
    await caughtUp();
    expect(jobsOf(appointmentId)).toEqual(jobs);
    expect(Object.keys(jobsOf(next.appointmentId))).toHaveLength(3);
    // only the new series was reconciled (marker checks + 8 kinds per batch), not the old one again
    expect(queue.operations - operations).toBeLessThanOrEqual(20);
  });
});
