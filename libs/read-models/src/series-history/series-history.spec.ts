import { SeriesNotFoundError } from '@app/domain';
import { seriesStory, slotReleased, slotReserved } from '@app/testing';
import { ViewTestKit } from '../testing/view-test-kit';
import { GetSeriesHistoryHandler } from './get-series-history.handler';
import { GetSeriesHistoryQuery } from './get-series-history.query';

describe('series history (GET /series/:id/history)', () => {
  let kit: ViewTestKit;
  beforeEach(() => (kit = new ViewTestKit()));
  afterEach(() => kit.close());

  const history = (id = 'series-1') =>
    new GetSeriesHistoryHandler(kit.log).execute(new GetSeriesHistoryQuery(id));

  it('lists every event of the series, its reservations and its reminders, in log order, with actors', async () => {
    const story = seriesStory().booked();
    const physician = { id: 'physician-1', role: 'physician' };
    const frontDesk = { id: 'front-desk-7', role: 'front-desk' };
    const worker = { id: 'reminder-worker', role: 'system' };
    const dueAt = '2027-03-01T09:00:00-05:00';
    kit.given(
      { ...story.events[0]!, actor: physician, recordedAt: '2027-02-20T16:00:00.000Z' },
      { ...slotReserved(), actor: frontDesk, recordedAt: '2027-02-23T15:00:00.000Z' },
      { ...story.events[1]!, actor: frontDesk, recordedAt: '2027-02-23T15:00:00.001Z' },
      // another series' events are not in this history
      ...seriesStory({ seriesId: 'series-2' }).events,
      {
        type: 'ReminderSent',
        data: {
          appointmentId: 'appointment-1',
          seriesId: 'series-1',
          kind: 'appointment-reminder',
          dueAt,
          channel: 'sms',
          idempotencyKey: 'k',
          sentAt: dueAt,
        },
        actor: worker,
        recordedAt: '2027-03-01T14:00:00.000Z',
      },
      { ...slotReleased(), actor: null, recordedAt: '2027-03-01T15:00:00.000Z' },
    );
    const { seriesId, events } = await history();
    expect(seriesId).toBe('series-1');
    expect(events.map((e) => [e.type, e.stream, e.revision, e.position, e.actor, e.at])).toEqual([
      ['SeriesOpened', 'TreatmentSeries-series-1', 0, '0', physician, '2027-02-20T16:00:00.000Z'],
      ['SlotReserved', 'ClinicDay-2027-03-02', 0, '1', frontDesk, '2027-02-23T15:00:00.000Z'],
      ['BlockBooked', 'TreatmentSeries-series-1', 1, '2', frontDesk, '2027-02-23T15:00:00.001Z'],
      [
        'ReminderSent',
        'AppointmentReminders-appointment-1',
        0,
        '4',
        worker,
        '2027-03-01T14:00:00.000Z',
      ],
      ['SlotReleased', 'ClinicDay-2027-03-02', 1, '5', null, '2027-03-01T15:00:00.000Z'],
    ]);
    expect(events[2]!.data).toEqual(story.events[1]!.data);
  });

  it('an unknown series has no history', async () => {
    await expect(history('nope')).rejects.toBeInstanceOf(SeriesNotFoundError);
  });
});
