import { randomUUID } from 'node:crypto';
import { ClinicConfiguration } from '@app/config';
import { SLOT_LOST_REASON, clinicDayDecider, streams, type SlotReleased } from '@app/domain';
import { EventStore, handleCommand, type StoredEvent } from '@app/event-store';
import { ProjectionProgress } from '@app/read-models';
import { BookingReconciler } from '../apps/api/src/appointments/booking-reconciler';
import { CommandRunner } from '../apps/api/src/commands/command-runner';
import { ClinicScenario } from './support/clinic-scenario';
import { eventually } from './support/eventually';
import {
  blocksWithoutReservation,
  doubleBookings,
  heldReservations,
  seriesBlocks,
} from './support/schedule-invariants';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Booking spans two streams (reserve in the ClinicDay, confirm in the series). A crash between the
 * steps leaves a reservation nobody confirms: the BookingReconciler releases it once it is older
 * than 30 s (reason booking-abandoned), and never touches a confirmed booking. The crash is
 * simulated by appending the reservation alone (what the first step writes), or by failing the
 * series append of a real request once.
 */
jest.setTimeout(60_000);

const DAY = '2027-03-02';
const NOW = '2027-03-01T07:00:00-05:00';
const FIVE_MINUTES_LATER = '2027-03-01T07:05:00-05:00';

describe('booking reconciler', () => {
  let t: TestApp;
  let clinic: ClinicScenario;
  let store: EventStore;
  let reconciler: BookingReconciler;
  const touchedSeries: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    clinic = new ClinicScenario(t);
    store = t.app.get(EventStore);
    reconciler = t.app.get(BookingReconciler);
  });
  afterAll(() => t.close());
  afterEach(() => jest.restoreAllMocks());

  const newSeries = async () => {
    const id = await clinic.openSeries(await clinic.registerPatient());
    touchedSeries.push(id);
    return id;
  };
  const dayEvents = (date = DAY): Promise<StoredEvent[]> =>
    store.readStream(streams.clinicDay(date));
  const releasesOf = async (appointmentId: string, date = DAY) =>
    (await dayEvents(date)).filter(
      (e): e is StoredEvent<SlotReleased['data']> =>
        e.type === 'SlotReleased' &&
        (e.data as SlotReleased['data']).appointmentId === appointmentId,
    );
  const freeStarts = async (physicianId: string, roomId: string, date = DAY) => {
    const { body } = await t
      .as('front-desk')
      .get(`/availability?physicianId=${physicianId}&roomId=${roomId}&from=${date}&to=${date}`)
      .expect(200);
    return (body.starts as string[]).map((s) => Date.parse(s));
  };
  const bookRequest = async (
    seriesId: string,
    physicianId: string,
    roomId: string,
    start: string,
  ) =>
    t
      .as('front-desk')
      .post('/appointments')
      .send({ seriesId, physicianId, roomId, start, sedation: false });
  const expectCalendarConsistent = async (dates: string[]) => {
    const blocks = await seriesBlocks(store, touchedSeries);
    const held = await heldReservations(store, [...dates, ...blocks.map((b) => b.clinicDate)]);
    expect(doubleBookings(held)).toEqual([]);
    expect(blocksWithoutReservation(blocks, held)).toEqual([]);
  };

  it('releases a reservation nobody confirmed (booking-abandoned) once it is 30 s old; the slot is bookable again; a confirmed booking is never touched', async () => {
    await clinic.setClock(NOW);
    const { physicians, rooms } = await clinic.resourceIds();
    const confirmed = await clinic.book(await newSeries(), `${DAY}T09:00:00-05:00`);

    // What a booking that crashed after its first step leaves: a reservation, no BlockBooked.
    const orphanSeries = await newSeries();
    const orphan = randomUUID();
    const orphanStart = `${DAY}T11:00:00-05:00`;
    const { calendar, policy } = t.app.get(ClinicConfiguration);
    const reserved = await handleCommand(
      store,
      streams.clinicDay(DAY),
      clinicDayDecider,
      {
        type: 'ReserveSlot',
        data: {
          appointmentId: orphan,
          seriesId: orphanSeries,
          physicianId: physicians[1],
          roomId: rooms[1],
          start: orphanStart,
          calendar,
          policy,
          now: NOW,
        },
      },
      { commandId: randomUUID(), actor: { id: 'front-desk', role: 'front-desk' } },
    );
    expect(reserved.events.map((e) => e.type)).toEqual(['SlotReserved']);
    expect(await t.app.get(ProjectionProgress).waitFor(reserved.position, 10_000)).toBe(
      'caught-up',
    );

    // It holds its slot: nobody else can book it, and it is not an appointment.
    expect(await freeStarts(physicians[1], rooms[1])).not.toContain(Date.parse(orphanStart));
    const refused = await bookRequest(await newSeries(), physicians[1], rooms[1], orphanStart);
    expect([refused.status, refused.body.code]).toEqual([409, 'slot-taken']);
    await t.as('front-desk').get(`/appointments/${orphan}`).expect(404);

    // Younger than 30 s: it may belong to a booking still in progress, so it stays.
    await reconciler.reconcile();
    expect(await releasesOf(orphan)).toEqual([]);

    await clinic.setClock(FIVE_MINUTES_LATER);
    await reconcileNow();
    const released = await releasesOf(orphan);
    expect(released).toHaveLength(1);
    expect(released[0].data.reason).toBe('booking-abandoned');
    expect(released[0].metadata.actor).toMatchObject({ role: 'system' });
    expect(await releasesOf(confirmed)).toEqual([]);

    // The slot is free again (in the views too) and bookable.
    await eventually(
      async () => (await freeStarts(physicians[1], rooms[1])).includes(Date.parse(orphanStart)),
      'the released slot to show as free',
    );
    const rebooked = await bookRequest(await newSeries(), physicians[1], rooms[1], orphanStart);
    expect(rebooked.status).toBe(201);

    // The confirmed booking is as it was, and a second run finds nothing to do.
    const { body: appointment } = await t
      .as('front-desk')
      .get(`/appointments/${confirmed}`)
      .expect(200);
    expect(appointment.status).toBe('booked');
    const { body: schedule } = await t.as('front-desk').get(`/schedule?date=${DAY}`).expect(200);
    const scheduled = schedule.rooms.flatMap(
      (room: { appointments: Array<{ appointmentId: string }> }) =>
        room.appointments.map((a) => a.appointmentId),
    );
    expect(scheduled).toEqual(expect.arrayContaining([confirmed, rebooked.body.id]));
    expect(scheduled).not.toContain(orphan);
    const before = (await dayEvents()).length;
    expect(await reconciler.reconcile()).toBe(0);
    expect((await dayEvents()).length).toBe(before);
    await expectCalendarConsistent([DAY]);
  });
  /**
   * A reconciliation that sees everything written so far: the views caught up first, and not a
   * run the app's own timer began earlier (reconcile() joins a run under way). Returns how many
   * reservations both runs settled.
   */
  const reconcileNow = async () => {
    await t.app.get(ProjectionProgress).waitFor(await store.headPosition(), 10_000);
    const joined = await reconciler.reconcile();
    return joined + (await reconciler.reconcile());
  };
  /** The next append to the series stream fails, as if the process died before confirming. */
  const crashBeforeTheSeriesStep = (seriesId: string) => {
    const append = store.append.bind(store);
    let crashed = false;
    jest.spyOn(store, 'append').mockImplementation(async (stream, events, options) => {
      if (!crashed && stream === streams.treatmentSeries(seriesId)) {
        crashed = true;
        throw new Error('simulated crash before the series step');
      }
      return append(stream, events, options);
    });
  };

  /** Another day than the first tests use, so their bookings do not meet. */
  const RACE_DAY = '2027-03-04';
  /**
   * The race between a retried booking and the reconciler: `during` runs once, right after the
   * first load of `stream` through the command runner (the handler's look at the clinic day, or the
   * reconciler's at the series), before that caller goes on with what it read.
   */
  const interleave = (stream: string, during: () => Promise<unknown>) => {
    const runner = t.app.get(CommandRunner);
    const load = runner.load.bind(runner);
    let done = false;
    jest.spyOn(runner, 'load').mockImplementation(async (loaded, decider) => {
      const state = await load(loaded, decider);
      if (!done && loaded === stream) {
        done = true;
        await during();
      }
      return state;
    });
  };
  /**
   * A booking interrupted after its reservation, five minutes ago: the reconciler's business.
   * `request` sends it again, with the same Idempotency-Key.
   */
  const interruptedBooking = async (
    start: string,
    resources: { physicianId: string; roomId: string },
  ) => {
    await clinic.setClock(NOW);
    const seriesId = await newSeries();
    const request = () =>
      t
        .as('front-desk')
        .post('/appointments')
        .set('Idempotency-Key', `interrupted-${seriesId}`)
        .send({ seriesId, ...resources, start, sedation: false });
    crashBeforeTheSeriesStep(seriesId);
    expect((await request()).status).toBeGreaterThanOrEqual(500);
    jest.restoreAllMocks();
    const left = (await heldReservations(store, [start.slice(0, 10)])).filter(
      (r) => r.seriesId === seriesId,
    );
    expect(left).toHaveLength(1);
    await clinic.setClock(FIVE_MINUTES_LATER);
    return { seriesId, appointmentId: left[0]!.appointmentId, request };
  };

  /**
   * A block booked at `oldStart`, whose move to `newStart` was interrupted before the series step,
   * five minutes ago. `request` sends that move again, with the same Idempotency-Key.
   */
  const interruptedMove = async (
    oldStart: string,
    newStart: string,
    resources: { physicianId: string; roomId: string },
  ) => {
    await clinic.setClock(NOW);
    const seriesId = await newSeries();
    const appointmentId = await clinic.book(seriesId, oldStart, resources);
    const request = () =>
      t
        .as('front-desk')
        .post(`/appointments/${appointmentId}/reschedule`)
        .set('Idempotency-Key', `interrupted-move-${appointmentId}`)
        .send({ start: newStart });
    crashBeforeTheSeriesStep(seriesId);
    expect((await request()).status).toBeGreaterThanOrEqual(500);
    jest.restoreAllMocks();
    await clinic.setClock(FIVE_MINUTES_LATER);
    return { appointmentId, request };
  };

  /** The reconciler released the reservation, and the block holds its slot again. */
  const expectReleasedAndHeldAgain = async (appointmentId: string) => {
    expect((await releasesOf(appointmentId, RACE_DAY)).map((e) => e.data.reason)).toEqual([
      'booking-abandoned',
    ]);
    expect(
      (await heldReservations(store, [RACE_DAY])).filter((r) => r.appointmentId === appointmentId),
    ).toHaveLength(1);
    await expectCalendarConsistent([RACE_DAY]);
  };

  it('a booking interrupted after its reservation, retried with the same Idempotency-Key after the reconciler released it, books nothing: the slot is not held by two', async () => {
    const { physicians, rooms } = await clinic.resourceIds();
    const start = `${DAY}T13:00:00-05:00`;
    const { appointmentId, request } = await interruptedBooking(start, {
      physicianId: physicians[0],
      roomId: rooms[1],
    });
    await reconcileNow();
    expect((await releasesOf(appointmentId)).map((e) => e.data.reason)).toEqual([
      'booking-abandoned',
    ]);

    // The front desk's client retries the request it never got an answer to; then another patient
    // books the slot that was given back.
    const retry = await request();
    const other = await bookRequest(await newSeries(), physicians[0], rooms[1], start);
    expect(other.status).toBe(201);
    await expectCalendarConsistent([DAY]);
    expect([retry.status, retry.body.code]).toEqual([409, 'reservation-released']);
    await t.as('front-desk').get(`/appointments/${appointmentId}`).expect(404);
  });

  it('a retried booking that checked its reservation just before the reconciler released it gets the slot back when it is still free', async () => {
    const start = `${RACE_DAY}T09:00:00-05:00`;
    const { physicians, rooms } = await clinic.resourceIds();
    const { appointmentId, request } = await interruptedBooking(start, {
      physicianId: physicians[0],
      roomId: rooms[0],
    });
    interleave(streams.clinicDay(RACE_DAY), reconcileNow);

    const retry = await request();
    expect(retry.status).toBe(201);
    await expectReleasedAndHeldAgain(appointmentId);
    const { body } = await t.as('front-desk').get(`/appointments/${appointmentId}`).expect(200);
    expect(body.status).toBe('booked');
  });

  it('a retried booking that checked its reservation just before the reconciler released it, the slot then taken by another booking, is cancelled and answered 409, again on a further retry', async () => {
    const start = `${RACE_DAY}T11:00:00-05:00`;
    const { physicians, rooms } = await clinic.resourceIds();
    const { appointmentId, request } = await interruptedBooking(start, {
      physicianId: physicians[0],
      roomId: rooms[0],
    });
    let other: { status: number } | undefined;
    interleave(streams.clinicDay(RACE_DAY), async () => {
      await reconcileNow();
      other = await bookRequest(await newSeries(), physicians[0], rooms[0], start);
    });

    const retry = await request();
    expect(other?.status).toBe(201);
    expect([retry.status, retry.body.code]).toEqual([409, 'reservation-released']);
    await expectCalendarConsistent([RACE_DAY]);
    // A refusal answers without waiting for the views (read-your-writes is for what succeeded).
    await eventually(async () => {
      const { body } = await t.as('front-desk').get(`/appointments/${appointmentId}`).expect(200);
      return body.status === 'cancelled' && body.cancellation?.reason === SLOT_LOST_REASON;
    }, 'the appointment to show as cancelled, its slot lost');
    jest.restoreAllMocks();
    const again = await request();
    expect([again.status, again.body.code]).toEqual([409, 'reservation-released']);
  });

  it('the reconciler, having read the series just before a retried booking confirmed it, releases the slot and then reserves it again', async () => {
    const start = `${RACE_DAY}T13:00:00-05:00`;
    const { physicians, rooms } = await clinic.resourceIds();
    const { seriesId, appointmentId, request } = await interruptedBooking(start, {
      physicianId: physicians[0],
      roomId: rooms[0],
    });
    let retry: { status: number } | undefined;
    interleave(streams.treatmentSeries(seriesId), async () => {
      retry = await request();
    });

    expect(await reconcileNow()).toBeGreaterThanOrEqual(1);
    expect(retry?.status).toBe(201);
    await expectReleasedAndHeldAgain(appointmentId);
  });

  it('a retried move that checked its new reservation just before the reconciler released it gets that slot back', async () => {
    const { physicians, rooms } = await clinic.resourceIds();
    const newDay = '2027-03-05';
    const newStart = `${newDay}T15:00:00-05:00`;
    const { appointmentId, request } = await interruptedMove(
      `${RACE_DAY}T15:00:00-05:00`,
      newStart,
      { physicianId: physicians[1], roomId: rooms[1] },
    );
    interleave(streams.clinicDay(newDay), reconcileNow);

    const retry = await request();
    expect(retry.status).toBeLessThan(300);
    expect((await releasesOf(appointmentId, newDay)).map((e) => e.data.reason)).toEqual([
      'rescheduled',
    ]);
    await expectCalendarConsistent([RACE_DAY, newDay]);
    const { body } = await t.as('front-desk').get(`/appointments/${appointmentId}`).expect(200);
    expect([body.status, Date.parse(body.start)]).toEqual(['booked', Date.parse(newStart)]);
  });

  it.each([
    ['to another day', `${DAY}T14:00:00-05:00`, '2027-03-03T14:00:00-05:00', 'rescheduled'],
    ['on the same day', `${DAY}T15:00:00-05:00`, `${DAY}T16:00:00-05:00`, null],
  ])(
    'a move interrupted before the series step (%s), retried after the reconciler settled it, moves nothing',
    async (_, oldStart, newStart, releaseReason) => {
      const { physicians, rooms } = await clinic.resourceIds();
      const newDay = newStart.slice(0, 10);
      const { appointmentId, request } = await interruptedMove(oldStart, newStart, {
        physicianId: physicians[1],
        roomId: rooms[0],
      });
      expect(await reconcileNow()).toBeGreaterThanOrEqual(1);
      if (releaseReason) {
        expect((await releasesOf(appointmentId, newDay)).map((e) => e.data.reason)).toEqual([
          releaseReason,
        ]);
      }
      await expectCalendarConsistent([DAY, newDay]);

      const retry = await request();
      const other = await bookRequest(await newSeries(), physicians[1], rooms[0], newStart);
      expect(other.status).toBe(201);
      await expectCalendarConsistent([DAY, newDay]);
      expect([retry.status, retry.body.code]).toEqual([409, 'reservation-released']);
      const { body } = await t.as('front-desk').get(`/appointments/${appointmentId}`).expect(200);
      expect(Date.parse(body.start)).toBe(Date.parse(oldStart));
    },
  );
});
