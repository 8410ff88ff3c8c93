import { EventStore } from '@app/event-store';
import { ClinicScenario } from './support/clinic-scenario';
import { startTestApp, type TestApp } from './support/test-app';

/** A physician and a fluoroscopy room each hold one block at a time, whatever the concurrency. */
describe('no double booking', () => {
  let t: TestApp;
  let clinic: ClinicScenario;

  beforeAll(async () => {
    t = await startTestApp();
    clinic = new ClinicScenario(t);
    await clinic.setClock('2027-03-01T07:00:00-05:00');
  });
  afterAll(() => t.close());

  it('50 concurrent bookings of one physician, room and time: exactly one 201, the rest 409; the log and the schedule agree', async () => {
    const { physicians, rooms } = await clinic.resourceIds();
    const seriesIds: string[] = [];
    for (let i = 0; i < 50; i++)
      seriesIds.push(await clinic.openSeries(await clinic.registerPatient()));

    const start = '2027-03-02T09:00:00-05:00';
    const responses = await Promise.all(
      seriesIds.map((seriesId) =>
        t
          .as('front-desk')
          .post('/appointments')
          .send({ seriesId, physicianId: physicians[0], roomId: rooms[0], start, sedation: false }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const refused of responses.filter((r) => r.status === 409)) {
      expect(['slot-taken', 'concurrent-change']).toContain(refused.body.code);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    const winner = responses.find((r) => r.status === 201)!.body.id;

    const day = await t.app.get(EventStore).readStream('ClinicDay-2027-03-02');
    const held = new Set<string>();
    for (const event of day) {
      const data = event.data as { appointmentId: string };
      if (event.type === 'SlotReserved') held.add(data.appointmentId);
      if (event.type === 'SlotReleased') held.delete(data.appointmentId);
    }
    expect([...held]).toEqual([winner]);

    const { body: schedule } = await t
      .as('front-desk')
      .get('/schedule?date=2027-03-02')
      .expect(200);
    const booked = schedule.rooms.flatMap(
      (room: { appointments: Array<{ appointmentId: string }> }) => room.appointments,
    );
    expect(booked.map((a: { appointmentId: string }) => a.appointmentId)).toEqual([winner]);
  });

  it('refuses overlapping (not identical) slots of the same physician or the same room', async () => {
    const { physicians, rooms } = await clinic.resourceIds();
    const book = async (physicianId: string, roomId: string, start: string) =>
      t
        .as('front-desk')
        .post('/appointments')
        .send({
          seriesId: await clinic.openSeries(await clinic.registerPatient()),
          physicianId,
          roomId,
          start,
          sedation: false,
        });

    expect((await book(physicians[0], rooms[0], '2027-03-03T10:00:00-05:00')).status).toBe(201);
    const samePhysician = await book(physicians[0], rooms[1], '2027-03-03T10:30:00-05:00');
    expect([samePhysician.status, samePhysician.body.code]).toEqual([409, 'slot-taken']);
    const sameRoom = await book(physicians[1], rooms[0], '2027-03-03T09:30:00-05:00');
    expect([sameRoom.status, sameRoom.body.code]).toEqual([409, 'slot-taken']);
    expect((await book(physicians[1], rooms[1], '2027-03-03T10:30:00-05:00')).status).toBe(201);
    expect((await book(physicians[0], rooms[0], '2027-03-03T11:00:00-05:00')).status).toBe(201);
  });

  it('a cancelled block frees its slot', async () => {
    const { physicians, rooms } = await clinic.resourceIds();
    const first = await clinic.book(
      await clinic.openSeries(await clinic.registerPatient()),
      '2027-03-04T13:00:00-05:00',
    );
    await t.as('nurse').post(`/appointments/${first}/cancel`).send({ reason: 'fever' }).expect(200);
    const again = await t
      .as('front-desk')
      .post('/appointments')
      .send({
        seriesId: await clinic.openSeries(await clinic.registerPatient()),
        physicianId: physicians[0],
        roomId: rooms[0],
        start: '2027-03-04T13:00:00-05:00',
        sedation: false,
      });
    expect(again.status).toBe(201);
  });
});
