import { InvalidDateError } from '@app/domain';
import {
  aClinicalPolicy,
  blockBooked,
  blockCancelled,
  noShowRecorded,
  patientCheckedIn,
  patientRegistered,
  seriesOpened,
  seriesStory,
  slotReserved,
} from '@app/testing';
import { ViewTestKit } from '../testing/view-test-kit';
import { GetDayScheduleHandler } from './get-day-schedule.handler';
import { GetDayScheduleQuery } from './get-day-schedule.query';

describe('day schedule (GET /schedule?date=…)', () => {
  let kit: ViewTestKit;
  beforeEach(() => {
    kit = new ViewTestKit();
    kit.given(patientRegistered({ givenName: 'Ana', familyName: 'Silva' }));
  });
  afterEach(() => kit.close());

  const schedule = (date: string, now = '2027-03-01T12:00:00-05:00') =>
    kit.handler(GetDayScheduleHandler).execute(new GetDayScheduleQuery(date, now));
  const appointments = async (date: string, now?: string) =>
    (await schedule(date, now)).rooms.flatMap((room) => room.appointments);
  const flagsAt = async (now: string, date = '2027-03-02') =>
    (await appointments(date, now)).map((a) => a.flags);

  it('lists the day by room (every room of the calendar), in start order, with names', async () => {
    kit.given(
      seriesOpened({ seriesId: 's-1' }),
      seriesOpened({ seriesId: 's-2' }),
      blockBooked({
        seriesId: 's-1',
        appointmentId: 'a-late',
        start: '2027-03-02T11:00:00-05:00',
        end: '2027-03-02T12:00:00-05:00',
      }),
      blockBooked({ seriesId: 's-2', appointmentId: 'a-early', physicianId: 'physician-2' }),
    );
    const day = await schedule('2027-03-02');
    expect(day.date).toBe('2027-03-02');
    expect(day.rooms.map((r) => [r.roomId, r.roomName])).toEqual([
      ['fluoro-room-1', 'Fluoroscopy Room 1'],
      ['fluoro-room-2', 'Fluoroscopy Room 2'],
    ]);
    expect(day.rooms[1]!.appointments).toEqual([]);
    expect(day.rooms[0]!.appointments).toEqual([
      {
        appointmentId: 'a-early',
        seriesId: 's-2',
        patientId: 'patient-1',
        patientName: 'Ana Silva',
        physicianId: 'physician-2',
        physicianName: 'Dr. Jordan Patel',
        blockNumber: 1,
        start: '2027-03-02T09:00:00-05:00',
        end: '2027-03-02T10:00:00-05:00',
        status: 'booked',
        sedation: true,
        flags: ['escort-not-confirmed'],
      },
      expect.objectContaining({ appointmentId: 'a-late', start: '2027-03-02T11:00:00-05:00' }),
    ]);
    expect(await appointments('2027-03-03')).toEqual([]);
  });

  it('shows only confirmed bookings: a bare reservation (booking in progress or abandoned) is not there', async () => {
    kit.given(seriesOpened(), slotReserved());
    expect(await appointments('2027-03-02')).toEqual([]);
  });

  it('keeps cancelled and no-show appointments on their day, with their status and no flag', async () => {
    kit.given(
      seriesOpened({ seriesId: 's-1' }),
      seriesOpened({ seriesId: 's-2' }),
      blockBooked({ seriesId: 's-1', appointmentId: 'a-1' }),
      blockCancelled({ seriesId: 's-1', appointmentId: 'a-1' }),
      blockBooked({
        seriesId: 's-2',
        appointmentId: 'a-2',
        roomId: 'fluoro-room-2',
      }),
      noShowRecorded({ seriesId: 's-2', appointmentId: 'a-2' }),
    );
    expect(
      (await appointments('2027-03-02')).map((a) => [a.appointmentId, a.status, a.flags]),
    ).toEqual([
      ['a-1', 'cancelled', []],
      ['a-2', 'no-show', []],
    ]);
  });

  it('moves a rescheduled appointment to its new day and room', async () => {
    const story = seriesStory().booked();
    kit.given(...story.events);
    const before = story.events.length;
    story.rescheduled('2027-03-04T10:00:00-05:00');
    kit.given(...story.events.slice(before));
    expect(await appointments('2027-03-02')).toEqual([]);
    expect((await appointments('2027-03-04')).map((a) => a.start)).toEqual([
      '2027-03-04T10:00:00-05:00',
    ]);
  });

  describe('flags at a given now', () => {
    it('escort-not-confirmed: sedated and not checked in yet', async () => {
      const story = seriesStory().booked();
      kit.given(...story.events);
      expect(await flagsAt('2027-03-02T08:00:00-05:00')).toEqual([['escort-not-confirmed']]);
      const before = story.events.length;
      story.checkedIn();
      kit.given(...story.events.slice(before));
      expect(await flagsAt('2027-03-02T08:40:00-05:00')).toEqual([[]]);
    });

    it('no escort flag without sedation', async () => {
      kit.given(seriesOpened(), blockBooked({ sedation: false }));
      expect(await flagsAt('2027-03-02T08:00:00-05:00')).toEqual([[]]);
    });

    it("anticoagulant-hold-due: from the hold's start (the series' policy) until check-in", async () => {
      // apixaban: held 3 days before the 09:00 block.
      kit.given(seriesOpened(), blockBooked({ sedation: false, anticoagulant: 'apixaban' }));
      expect(await flagsAt('2027-02-27T08:59:00-05:00')).toEqual([[]]);
      expect(await flagsAt('2027-02-27T09:00:00-05:00')).toEqual([['anticoagulant-hold-due']]);
      kit.given(patientCheckedIn());
      expect(await flagsAt('2027-03-02T08:40:00-05:00')).toEqual([[]]);
    });

    it('no hold flag for a drug without a hold in the policy (aspirin: the physician decides)', async () => {
      kit.given(seriesOpened(), blockBooked({ sedation: false, anticoagulant: 'aspirin' }));
      expect(await flagsAt('2027-03-02T08:00:00-05:00')).toEqual([[]]);
    });

    it('follow-up-overdue: day 7 and day 28 after the block, two days of grace, unless recorded', async () => {
      const story = seriesStory().blockDone('positive'); // 2 March 2027
      kit.given(...story.events);
      expect(await flagsAt('2027-03-11T23:59:00-05:00')).toEqual([[]]);
      expect(await flagsAt('2027-03-12T00:01:00-05:00')).toEqual([['follow-up-overdue']]);
      const before = story.events.length;
      story.followUp({ daysAfter: 7 });
      kit.given(...story.events.slice(before));
      expect(await flagsAt('2027-03-12T00:01:00-05:00')).toEqual([[]]);
      // Day 28 is 30 March: overdue from 2 April.
      expect(await flagsAt('2027-04-01T23:00:00-04:00')).toEqual([[]]);
      expect(await flagsAt('2027-04-02T08:00:00-04:00')).toEqual([['follow-up-overdue']]);
      const again = story.events.length;
      story.followUp({ daysAfter: 27 });
      kit.given(...story.events.slice(again));
      expect(await flagsAt('2027-04-02T08:00:00-04:00')).toEqual([[]]);
    });

    it('follow-up-overdue follows the clinic policy’s follow-up days and grace', async () => {
      kit.close();
      kit = new ViewTestKit({
        policy: aClinicalPolicy({
          firstFollowUpDay: 10,
          secondFollowUpDay: 30,
          followUpGraceDays: 0,
        }),
      });
      kit.given(patientRegistered(), ...seriesStory().blockDone('positive').events);
      // The first check is 12 March, due that day without grace.
      expect(await flagsAt('2027-03-12T23:59:00-05:00')).toEqual([[]]);
      expect(await flagsAt('2027-03-13T00:01:00-05:00')).toEqual([['follow-up-overdue']]);
    });
  });

  it('refuses a date that is not YYYY-MM-DD', async () => {
    await expect(schedule('2027-3-2')).rejects.toBeInstanceOf(InvalidDateError);
  });
});
