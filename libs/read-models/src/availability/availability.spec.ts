import {
  AvailabilityRangeError,
  InvalidDateError,
  UnknownPhysicianError,
  UnknownRoomError,
} from '@app/domain';
import {
  aClinicCalendar,
  blockBooked,
  blockCancelled,
  blockRescheduled,
  noShowRecorded,
  seriesOpened,
  slotReleased,
  slotReserved,
} from '@app/testing';
import { ViewTestKit } from '../testing/view-test-kit';
import { GetAvailabilityHandler } from './get-availability.handler';
import { GetAvailabilityQuery, type AvailabilityFilter } from './get-availability.query';
import { ListUnconfirmedReservationsHandler } from './list-unconfirmed-reservations.handler';
import { ListUnconfirmedReservationsQuery } from './list-unconfirmed-reservations.query';

const TUESDAY = '2027-03-02';
const hours = (date: string, offset: string, ...hh: number[]) =>
  hh.map((h) => `${date}T${String(h).padStart(2, '0')}:00:00${offset}`);

function reservation(appointmentId: string, start: string, over: Record<string, string> = {}) {
  const hour = Number(start.slice(11, 13));
  return slotReserved({
    appointmentId,
    seriesId: `series-of-${appointmentId}`,
    start,
    end: `${start.slice(0, 11)}${String(hour + 1).padStart(2, '0')}${start.slice(13)}`,
    clinicDate: start.slice(0, 10),
    ...over,
  });
}

describe('availability (GET /availability)', () => {
  let kit: ViewTestKit;
  afterEach(() => kit.close());

  const starts = async (filter: Partial<AvailabilityFilter> = {}) =>
    (
      await kit.handler(GetAvailabilityHandler).execute(
        new GetAvailabilityQuery({
          physicianId: 'physician-1',
          roomId: 'fluoro-room-1',
          from: TUESDAY,
          to: TUESDAY,
          now: '2027-03-01T12:00:00-05:00',
          ...filter,
        }),
      )
    ).starts;

  describe('in the demo clinic', () => {
    beforeEach(() => (kit = new ViewTestKit()));

    it('offers every slot inside opening hours of an empty day, none on the weekend', async () => {
      expect(await starts()).toEqual(hours(TUESDAY, '-05:00', 8, 9, 10, 11, 12, 13, 14, 15, 16));
      expect(await starts({ from: '2027-03-06', to: '2027-03-07' })).toEqual([]);
    });

    it("excludes the physician's reservations in any room and the room's with any physician", async () => {
      kit.given(
        reservation('a-1', `${TUESDAY}T09:00:00-05:00`, { roomId: 'fluoro-room-2' }),
        reservation('a-2', `${TUESDAY}T11:00:00-05:00`, { physicianId: 'physician-2' }),
        reservation('a-3', `${TUESDAY}T13:00:00-05:00`, {
          physicianId: 'physician-2',
          roomId: 'fluoro-room-2',
        }),
      );
      expect(await starts()).toEqual(hours(TUESDAY, '-05:00', 8, 10, 12, 13, 14, 15, 16));
    });

    it('a reservation not yet confirmed by its series takes the slot; a released one frees it', async () => {
      kit.given(reservation('a-1', `${TUESDAY}T09:00:00-05:00`));
      expect(await starts()).not.toContain(`${TUESDAY}T09:00:00-05:00`);
      kit.given(
        slotReleased({ appointmentId: 'a-1', clinicDate: TUESDAY, reason: 'booking-abandoned' }),
      );
      expect(await starts()).toContain(`${TUESDAY}T09:00:00-05:00`);
    });

    it('a move within the day frees the old slot and takes the new one', async () => {
      kit.given(
        reservation('a-1', `${TUESDAY}T09:00:00-05:00`),
        slotReleased({ appointmentId: 'a-1', clinicDate: TUESDAY, reason: 'rescheduled' }),
        reservation('a-1', `${TUESDAY}T14:00:00-05:00`),
      );
      expect(await starts()).toEqual(hours(TUESDAY, '-05:00', 8, 9, 10, 11, 12, 13, 15, 16));
    });

    it('offers nothing before now', async () => {
      expect(await starts({ now: `${TUESDAY}T10:30:00-05:00` })).toEqual(
        hours(TUESDAY, '-05:00', 11, 12, 13, 14, 15, 16),
      );
    });

    it('spans eight weeks', async () => {
      const all = await starts({
        from: '2027-03-01',
        to: '2027-04-25',
        now: '2027-02-26T12:00:00-05:00',
      });
      expect(all).toHaveLength(40 * 9); // 40 weekdays, 9 slots each
    });

    it("refuses what the domain refuses: unknown resources, a range over 92 days, a date that isn't one", async () => {
      await expect(starts({ physicianId: 'dr-who' })).rejects.toBeInstanceOf(UnknownPhysicianError);
      await expect(starts({ roomId: 'broom-cupboard' })).rejects.toBeInstanceOf(UnknownRoomError);
      await expect(starts({ from: '2027-01-01', to: '2027-04-03' })).rejects.toBeInstanceOf(
        AvailabilityRangeError,
      );
      await expect(starts({ to: '2027-03-01' })).rejects.toBeInstanceOf(AvailabilityRangeError);
      await expect(starts({ from: '2027-02-30' })).rejects.toBeInstanceOf(InvalidDateError);
    });
  });

  describe('on the days clocks change (America/New_York)', () => {
    beforeEach(() => {
      const weekday = [{ open: '08:00', close: '12:00' }];
      kit = new ViewTestKit({
        calendar: aClinicCalendar({
          openingHours: {
            monday: weekday,
            tuesday: weekday,
            wednesday: weekday,
            thursday: weekday,
            friday: weekday,
            saturday: weekday,
            sunday: weekday,
          },
        }),
      });
    });

    it('spring forward (Sunday 14 March 2027): opening hours stay 08:00 local, the offset changes', async () => {
      kit.given(reservation('a-1', '2027-03-14T09:00:00-04:00'));
      expect(
        await starts({ from: '2027-03-13', to: '2027-03-15', now: '2027-03-01T00:00:00-05:00' }),
      ).toEqual([
        ...hours('2027-03-13', '-05:00', 8, 9, 10, 11),
        ...hours('2027-03-14', '-04:00', 8, 10, 11),
        ...hours('2027-03-15', '-04:00', 8, 9, 10, 11),
      ]);
    });

    it('fall back (Sunday 7 November 2027)', async () => {
      kit.given(reservation('a-1', '2027-11-07T08:00:00-05:00'));
      expect(
        await starts({ from: '2027-11-06', to: '2027-11-07', now: '2027-11-01T00:00:00-04:00' }),
      ).toEqual([
        ...hours('2027-11-06', '-04:00', 8, 9, 10, 11),
        ...hours('2027-11-07', '-05:00', 9, 10, 11),
      ]);
    });
  });
});

describe('unconfirmed reservations (for the booking reconciler)', () => {
  let kit: ViewTestKit;
  beforeEach(() => (kit = new ViewTestKit()));
  afterEach(() => kit.close());

  const RESERVED_AT = '2027-02-23T10:00:00-05:00';
  const list = (now: string, olderThanSeconds = 60) =>
    kit
      .handler(ListUnconfirmedReservationsHandler)
      .execute(new ListUnconfirmedReservationsQuery({ olderThanSeconds, now }));

  it('lists a reservation its series never confirmed, once it is older than asked', async () => {
    kit.given(seriesOpened(), slotReserved({ reservedAt: RESERVED_AT }));
    expect(await list('2027-02-23T10:00:30-05:00')).toEqual([]);
    expect(await list('2027-02-23T10:01:00-05:00')).toEqual([
      {
        appointmentId: 'appointment-1',
        seriesId: 'series-1',
        clinicDate: '2027-03-02',
        physicianId: 'physician-1',
        roomId: 'fluoro-room-1',
        start: '2027-03-02T09:00:00-05:00',
        end: '2027-03-02T10:00:00-05:00',
        reservedAt: RESERVED_AT,
        problem: 'not-confirmed',
        appointment: null,
      },
    ]);
  });

  it('does not list a confirmed booking, nor a no-show (its slot was used)', async () => {
    kit.given(seriesOpened(), slotReserved({ reservedAt: RESERVED_AT }), blockBooked());
    expect(await list('2027-03-05T10:00:00-05:00')).toEqual([]);
    kit.given(noShowRecorded());
    expect(await list('2027-03-05T10:00:00-05:00')).toEqual([]);
  });

  it('lists a cancelled booking whose slot was not released, and stops once it is', async () => {
    kit.given(
      seriesOpened(),
      slotReserved({ reservedAt: RESERVED_AT }),
      blockBooked(),
      blockCancelled(),
    );
    expect(await list('2027-03-05T10:00:00-05:00')).toEqual([
      expect.objectContaining({
        problem: 'appointment-cancelled',
        appointment: expect.objectContaining({ state: 'cancelled' }),
      }),
    ]);
    kit.given(slotReleased());
    expect(await list('2027-03-05T10:00:00-05:00')).toEqual([]);
  });

  it('lists the old slot of a booking moved to another day until it is released', async () => {
    kit.given(
      seriesOpened(),
      slotReserved({ reservedAt: RESERVED_AT }),
      blockBooked(),
      slotReserved({
        clinicDate: '2027-03-03',
        start: '2027-03-03T09:00:00-05:00',
        end: '2027-03-03T10:00:00-05:00',
        reservedAt: RESERVED_AT,
      }),
    );
    // Mid-move: the new slot is not confirmed yet.
    expect((await list('2027-02-24T10:00:00-05:00')).map((r) => [r.clinicDate, r.problem])).toEqual(
      [['2027-03-03', 'appointment-moved']],
    );
    kit.given(blockRescheduled());
    expect((await list('2027-02-24T10:00:00-05:00')).map((r) => [r.clinicDate, r.problem])).toEqual(
      [['2027-03-02', 'appointment-moved']],
    );
    kit.given(slotReleased({ reason: 'rescheduled' }));
    expect(await list('2027-02-24T10:00:00-05:00')).toEqual([]);
  });
});
