import { SeriesNotFoundError, recommendNextStep } from '@app/domain';
import {
  blockBooked,
  patientRegistered,
  referralIssued,
  seriesOpened,
  seriesStory,
} from '@app/testing';
import { ViewTestKit } from '../testing/view-test-kit';
import { GetSeriesHandler } from './get-series.handler';
import { GetSeriesQuery } from './get-series.query';
import { ListSeriesHandler } from './list-series.handler';
import { ListSeriesQuery } from './list-series.query';

describe('series view (GET /series/:id)', () => {
  let kit: ViewTestKit;
  beforeEach(() => (kit = new ViewTestKit()));
  afterEach(() => kit.close());

  const getSeries = (id: string) => kit.handler(GetSeriesHandler).execute(new GetSeriesQuery(id));

  it('has exactly the shape of docs/http-api.md (plus the documented extras)', async () => {
    const story = seriesStory({ intent: 'prognostic' }).blockDone('positive');
    kit.given(...story.events);
    const view = await getSeries(story.seriesId);
    expect(Object.keys(view).sort()).toEqual(
      [
        // docs/http-api.md
        'id',
        'patientId',
        'indication',
        'side',
        'intent',
        'state',
        'recommendation',
        'blocks',
        'referrals',
        // extras
        'icd10',
        'rehabilitationProgramme',
        'policyVersion',
        'openedAt',
        'closedReason',
        'closedAt',
        'capOverrides',
      ].sort(),
    );
    expect(view).toMatchObject({
      id: story.seriesId,
      patientId: 'patient-1',
      indication: 'crps-1',
      side: 'left',
      intent: 'prognostic',
      state: 'open',
      icd10: 'G90.522',
      policyVersion: story.policy.version,
      closedReason: null,
    });
    expect(view.blocks).toEqual([
      {
        appointmentId: 'appointment-1',
        number: 1,
        start: '2027-03-02T09:00:00-05:00',
        status: 'discharged',
        technicalSuccess: true,
        temperatureRiseC: 3,
        reliefPct: 75,
        classification: 'positive',
      },
    ]);
    expect(Object.keys(view.recommendation!).sort()).toEqual(['action', 'reason', 'rule']);
  });

  it("carries the domain's own recommendation, at every step of a series", async () => {
    const story = seriesStory({ intent: 'prognostic' });
    const steps: Array<() => void> = [
      () => story.booked(),
      () => story.checkedIn(),
      () => story.performed('technical-failure'),
      () => story.discharged(),
      () => story.booked(),
      () => story.checkedIn(),
      () => story.performed('positive'),
      () => story.discharged(),
      () => story.blockDone('positive'),
    ];
    let applied = 0;
    kit.given(...story.events);
    applied = story.events.length;
    for (const step of steps) {
      step();
      kit.given(...story.events.slice(applied));
      applied = story.events.length;
      const view = await getSeries(story.seriesId);
      expect(view.recommendation).toEqual(recommendNextStep(story.state()));
    }
    expect((await getSeries(story.seriesId)).recommendation?.action).toBe('refer-rfa');
  });

  it('blocks not performed have no outcome; cancelled blocks stay listed with their status', async () => {
    const story = seriesStory().booked().cancelled().booked();
    kit.given(...story.events);
    const view = await getSeries(story.seriesId);
    expect(view.blocks).toEqual([
      expect.objectContaining({ appointmentId: 'appointment-1', number: 1, status: 'cancelled' }),
      expect.objectContaining({
        appointmentId: 'appointment-2',
        number: 1,
        status: 'booked',
        technicalSuccess: null,
        temperatureRiseC: null,
        reliefPct: null,
        classification: null,
      }),
    ]);
    expect(view.recommendation).toBeNull();
  });

  it('referrals show who issued them; the state word follows the series', async () => {
    const story = seriesStory({ intent: 'prognostic' }).blockDone('positive').blockDone('positive');
    kit.given(...story.events);
    expect((await getSeries(story.seriesId)).state).toBe('open');
    kit.given({
      ...referralIssued({ seriesId: story.seriesId, issuedAt: '2027-03-20T10:00:00-04:00' }),
      actor: { id: 'physician-1', role: 'physician' },
    });
    const referred = await getSeries(story.seriesId);
    expect(referred.state).toBe('referred');
    expect(referred.recommendation).toBeNull();
    expect(referred.referrals).toEqual([
      { modality: 'radiofrequency', at: '2027-03-20T10:00:00-04:00', by: 'physician-1' },
    ]);
    story.closed();
    kit.given(story.events[story.events.length - 1]!);
    const closed = await getSeries(story.seriesId);
    expect(closed).toMatchObject({ state: 'closed', closedReason: 'treatment goals reached' });
  });

  it('an unknown series, or facts of a series never opened, is not found', async () => {
    await expect(getSeries('nope')).rejects.toBeInstanceOf(SeriesNotFoundError);
    kit.given(blockBooked({ seriesId: 'never-opened' }));
    await expect(getSeries('never-opened')).rejects.toBeInstanceOf(SeriesNotFoundError);
  });
});

describe('worklist (GET /series?action=…&patientId=…)', () => {
  let kit: ViewTestKit;
  beforeEach(() => (kit = new ViewTestKit()));
  afterEach(() => kit.close());

  const list = (filter: ConstructorParameters<typeof ListSeriesQuery>[0]) =>
    kit.handler(ListSeriesHandler).execute(new ListSeriesQuery(filter));

  function givenClinic() {
    kit.given(
      patientRegistered({ patientId: 'p-ana', givenName: 'Ana', familyName: 'Silva' }),
      patientRegistered({ patientId: 'p-bo', mrn: 'MRN-2', givenName: 'Bo', familyName: 'Chen' }),
    );
    const stories = {
      // waiting for the front desk: nothing booked yet
      fresh: seriesStory({ seriesId: 's-fresh', patientId: 'p-ana' }),
      // waiting for the front desk: the last block failed technically
      repeat: seriesStory({ seriesId: 's-repeat', patientId: 'p-bo' }).blockDone(
        'technical-failure',
      ),
      // waiting for the physician: partial relief
      review: seriesStory({ seriesId: 's-review', patientId: 'p-ana' }).blockDone('partial'),
      // nothing to do: a block is booked
      booked: seriesStory({ seriesId: 's-booked', patientId: 'p-bo' }).booked(),
    };
    // Recorded in this order: fresh is the longest waiting.
    for (const story of Object.values(stories)) kit.given(...story.events);
    return stories;
  }

  it('filters by recommendation action, longest waiting first', async () => {
    givenClinic();
    expect((await list({ action: 'book-block' })).map((s) => s.id)).toEqual(['s-fresh']);
    expect((await list({ action: 'repeat-block' })).map((s) => s.id)).toEqual(['s-repeat']);
    expect((await list({ action: 'physician-review' })).map((s) => s.id)).toEqual(['s-review']);
    expect(await list({ action: 'refer-rfa' })).toEqual([]);
    expect((await list({})).map((s) => s.id)).toEqual([
      's-fresh',
      's-repeat',
      's-review',
      's-booked',
    ]);
  });

  it('filters by patient, and by both', async () => {
    givenClinic();
    expect((await list({ patientId: 'p-ana' })).map((s) => s.id)).toEqual(['s-fresh', 's-review']);
    expect(
      (await list({ patientId: 'p-ana', action: 'physician-review' })).map((s) => s.id),
    ).toEqual(['s-review']);
    expect(await list({ patientId: 'p-bo', action: 'physician-review' })).toEqual([]);
  });

  it("lists several actions at once (the front desk's list) and filters by the latest block's physician", async () => {
    givenClinic();
    expect(
      (await list({ action: ['book-block', 'repeat-block', 'continue-series'] })).map((s) => s.id),
    ).toEqual(['s-fresh', 's-repeat']);
    expect(await list({ action: [] })).toEqual([]);
    expect((await list({ physicianId: 'physician-1' })).map((s) => s.id)).toEqual([
      's-repeat',
      's-review',
      's-booked',
    ]);
    expect(await list({ physicianId: 'physician-2' })).toEqual([]);
  });

  it('summarises each series with the patient name and the recommendation', async () => {
    const { review } = givenClinic();
    const [summary] = await list({ action: 'physician-review' });
    expect(summary).toEqual({
      id: 's-review',
      patientId: 'p-ana',
      patientName: 'Ana Silva',
      indication: 'crps-1',
      side: 'left',
      intent: 'prognostic',
      icd10: 'G90.522',
      state: 'open',
      recommendation: recommendNextStep(review.state()),
      blocksDone: 1,
      lastBlock: {
        appointmentId: 'appointment-1',
        number: 1,
        start: '2027-03-02T09:00:00-05:00',
        status: 'discharged',
      },
      openedAt: '2027-02-20T11:00:00-05:00',
      updatedAt: expect.any(String),
    });
  });

  it('moves a series between worklists as its recommendation changes', async () => {
    const story = seriesStory({ seriesId: 's-1' });
    kit.given(...story.events);
    expect((await list({ action: 'book-block' })).map((s) => s.id)).toEqual(['s-1']);
    const before = story.events.length;
    story.booked();
    kit.given(...story.events.slice(before));
    expect(await list({ action: 'book-block' })).toEqual([]);
  });

  it('pages with limit and offset', async () => {
    for (let i = 0; i < 5; i++) kit.given(seriesOpened({ seriesId: `s-${i}` }));
    expect((await list({ limit: 2 })).map((s) => s.id)).toEqual(['s-0', 's-1']);
    expect((await list({ limit: 2, offset: 4 })).map((s) => s.id)).toEqual(['s-4']);
    expect(await list({ limit: 0 })).toHaveLength(1); // at least one
  });
});
