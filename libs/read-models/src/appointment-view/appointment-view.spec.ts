import { AppointmentNotFoundError, type ReminderKind } from '@app/domain';
import {
  patientRegistered,
  reminderPreferenceChanged,
  seriesStory,
  slotReserved,
  type SeriesStory,
} from '@app/testing';
import { ViewTestKit, type GivenEvent } from '../testing/view-test-kit';
import { FindAppointmentHandler } from './find-appointment.handler';
import { GetAppointmentHandler } from './get-appointment.handler';
import { FindAppointmentQuery, GetAppointmentQuery } from './get-appointment.query';

/** The worker's record of one reminder occurrence (stream AppointmentReminders-<id>). */
function reminderEvent(
  type: 'ReminderClaimed' | 'ReminderSent' | 'ReminderFailed' | 'ReminderSkipped',
  kind: ReminderKind,
  dueAt: string,
  extra: Record<string, unknown> = {},
): GivenEvent {
  const ref = { appointmentId: 'appointment-1', seriesId: 'series-1', kind, dueAt };
  const data = {
    ReminderClaimed: { ...ref, claimId: 'c-1', attempt: 1, claimedAt: dueAt },
    ReminderSent: { ...ref, channel: 'sms', idempotencyKey: `k-${kind}`, sentAt: dueAt },
    ReminderFailed: {
      ...ref,
      error: 'gateway answered 503',
      final: true,
      attempt: 3,
      failedAt: dueAt,
    },
    ReminderSkipped: { ...ref, reason: 'opted-out', skippedAt: dueAt },
  }[type];
  return { type, data: { ...data, ...extra }, actor: { id: 'reminder-worker', role: 'system' } };
}

const PRE_CALL = '2027-02-27T09:00:00-05:00';
const REMINDER = '2027-03-01T09:00:00-05:00';
const FASTING = '2027-03-01T18:00:00-05:00';

describe('appointment view (GET /appointments/:id)', () => {
  let kit: ViewTestKit;
  let story: SeriesStory;
  beforeEach(() => {
    kit = new ViewTestKit();
    story = seriesStory();
    kit.given(patientRegistered());
  });
  afterEach(() => kit.close());

  const get = (now: string, id = 'appointment-1') =>
    kit.handler(GetAppointmentHandler).execute(new GetAppointmentQuery(id, now));

  function tell(step: (s: SeriesStory) => void): void {
    const before = story.events.length;
    step(story);
    kit.given(...story.events.slice(before));
  }

  it('shows the booking with names from the clinic calendar', async () => {
    kit.given(...story.booked().events);
    const view = await get('2027-02-24T12:00:00-05:00');
    expect(view).toMatchObject({
      id: 'appointment-1',
      seriesId: 'series-1',
      patientId: 'patient-1',
      blockNumber: 1,
      physicianId: 'physician-1',
      physicianName: 'Dr. Avery Chen',
      roomId: 'fluoro-room-1',
      roomName: 'Fluoroscopy Room 1',
      start: '2027-03-02T09:00:00-05:00',
      end: '2027-03-02T10:00:00-05:00',
      clinicDate: '2027-03-02',
      status: 'booked',
      sedation: true,
      anticoagulant: null,
      checkIn: null,
      procedure: null,
      outcome: null,
      discharge: null,
      followUps: [],
      cancellation: null,
    });
  });

  it('follows the lifecycle: moved, checked in, performed and judged, discharged, followed up', async () => {
    kit.given(...story.booked().events);
    tell((s) => s.rescheduled('2027-03-03T09:00:00-05:00'));
    tell((s) => s.checkedIn().performed('positive').discharged().followUp({ daysAfter: 7 }));
    const view = await get('2027-03-10T12:00:00-05:00');
    expect(view.status).toBe('discharged');
    expect(view.start).toBe('2027-03-03T09:00:00-05:00');
    expect(view.clinicDate).toBe('2027-03-03');
    expect(view.reschedules).toEqual([
      {
        previousStart: '2027-03-02T09:00:00-05:00',
        start: '2027-03-03T09:00:00-05:00',
        at: '2027-02-27T09:00:00-05:00',
      },
    ]);
    expect(view.checkIn).toMatchObject({ escortPresent: true, fastingConfirmed: true });
    expect(view.procedure).toMatchObject({ levels: ['L2', 'L3'], painBefore: 8, painAfter: 2 });
    expect(view.outcome).toMatchObject({ technicalSuccess: true, classification: 'positive' });
    expect(view.discharge).toMatchObject({ disposition: 'home', aldreteScore: 10 });
    expect(view.followUps).toEqual([expect.objectContaining({ daysAfter: 7 })]);
  });

  describe('its reminders', () => {
    it('lists what the planner plans for the appointment now, as scheduled', async () => {
      kit.given(...story.booked().events);
      expect((await get('2027-02-24T12:00:00-05:00')).reminders).toEqual([
        { kind: 'pre-procedure-call', dueAt: PRE_CALL, status: 'scheduled' },
        { kind: 'appointment-reminder', dueAt: REMINDER, status: 'scheduled' },
        { kind: 'fasting-and-escort', dueAt: FASTING, status: 'scheduled' },
      ]);
    });

    it('merges what was recorded: sent, failed for good, skipped; claimed or retrying stays scheduled', async () => {
      kit.given(...story.booked().events);
      kit.given(
        reminderEvent('ReminderClaimed', 'pre-procedure-call', PRE_CALL),
        reminderEvent('ReminderSent', 'pre-procedure-call', PRE_CALL),
        reminderEvent('ReminderClaimed', 'appointment-reminder', REMINDER),
        reminderEvent('ReminderFailed', 'appointment-reminder', REMINDER, { final: true }),
        reminderEvent('ReminderClaimed', 'fasting-and-escort', FASTING),
        reminderEvent('ReminderFailed', 'fasting-and-escort', FASTING, { final: false }),
      );
      expect((await get('2027-03-01T18:30:00-05:00')).reminders).toEqual([
        { kind: 'pre-procedure-call', dueAt: PRE_CALL, status: 'sent' },
        { kind: 'appointment-reminder', dueAt: REMINDER, status: 'failed' },
        { kind: 'fasting-and-escort', dueAt: FASTING, status: 'scheduled' },
      ]);
      kit.given(reminderEvent('ReminderSkipped', 'fasting-and-escort', FASTING));
      expect((await get('2027-03-01T18:30:00-05:00')).reminders[2]).toEqual({
        kind: 'fasting-and-escort',
        dueAt: FASTING,
        status: 'cancelled',
      });
    });

    it('a cancelled appointment shows its planned reminders as cancelled (those sent stay sent)', async () => {
      kit.given(...story.booked().events);
      kit.given(reminderEvent('ReminderSent', 'pre-procedure-call', PRE_CALL));
      tell((s) => s.cancelled()); // two days before the block
      const view = await get('2027-03-05T12:00:00-05:00');
      expect(view.status).toBe('cancelled');
      expect(view.cancellation).toEqual({
        reason: 'patient request',
        at: '2027-02-28T09:00:00-05:00',
      });
      expect(view.reminders).toEqual([
        { kind: 'pre-procedure-call', dueAt: PRE_CALL, status: 'sent' },
        { kind: 'appointment-reminder', dueAt: REMINDER, status: 'cancelled' },
        { kind: 'fasting-and-escort', dueAt: FASTING, status: 'cancelled' },
      ]);
    });

    it('a moved appointment plans new instants; the old occurrence recorded shows as it ended', async () => {
      kit.given(...story.booked().events);
      kit.given(reminderEvent('ReminderSent', 'pre-procedure-call', PRE_CALL));
      tell((s) => s.rescheduled('2027-03-09T09:00:00-05:00'));
      const reminders = (await get('2027-03-01T12:00:00-05:00')).reminders;
      expect(reminders).toEqual([
        { kind: 'pre-procedure-call', dueAt: PRE_CALL, status: 'sent' },
        { kind: 'pre-procedure-call', dueAt: '2027-03-06T09:00:00-05:00', status: 'scheduled' },
        { kind: 'appointment-reminder', dueAt: '2027-03-08T09:00:00-05:00', status: 'scheduled' },
        { kind: 'fasting-and-escort', dueAt: '2027-03-08T18:00:00-05:00', status: 'scheduled' },
      ]);
    });

    it('after the block: the follow-up calls and pain checks', async () => {
      kit.given(...story.blockDone('positive').events);
      const kinds = (await get('2027-03-02T12:00:00-05:00')).reminders.map((r) => r.kind);
      expect(kinds).toEqual(
        expect.arrayContaining(['post-procedure-call', 'pain-check-day-7', 'pain-check-day-28']),
      );
    });

    it('nothing is planned for a patient who opted out of every channel they have', async () => {
      kit.given(reminderPreferenceChanged({ channel: 'sms', optedOut: true }));
      kit.given(reminderPreferenceChanged({ channel: 'email', optedOut: true }));
      kit.given(...story.booked().events);
      expect((await get('2027-02-24T12:00:00-05:00')).reminders).toEqual([]);
    });
  });

  it('an unknown appointment, or a bare reservation, is not found', async () => {
    kit.given(slotReserved({ appointmentId: 'appointment-9' }));
    await expect(get('2027-02-24T12:00:00-05:00', 'appointment-9')).rejects.toBeInstanceOf(
      AppointmentNotFoundError,
    );
    await expect(
      kit.handler(FindAppointmentHandler).execute(new FindAppointmentQuery('appointment-9')),
    ).rejects.toBeInstanceOf(AppointmentNotFoundError);
  });

  it('finds the series of an appointment (to route its commands)', async () => {
    kit.given(...story.booked().events);
    expect(
      await kit.handler(FindAppointmentHandler).execute(new FindAppointmentQuery('appointment-1')),
    ).toEqual({
      appointmentId: 'appointment-1',
      seriesId: 'series-1',
      patientId: 'patient-1',
      status: 'booked',
      clinicDate: '2027-03-02',
    });
  });
});
