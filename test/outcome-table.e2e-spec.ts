import { ClinicScenario } from './support/clinic-scenario';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * docs/clinical-rules.md's outcome table, through HTTP: each row's classification on the block and the
 * recommendation on GET /series/:id.
 */
describe('judging a block through the API (docs/clinical-rules.md outcome table)', () => {
  let t: TestApp;
  let clinic: ClinicScenario;
  let day = 0;

  beforeAll(async () => {
    t = await startTestApp();
    clinic = new ClinicScenario(t);
  });
  afterAll(() => t.close());

  /** Books, checks in and performs one block on its own clinic day; returns the series view. */
  async function blockWith(
    seriesId: string,
    outcome: { riseC: number; painBefore: number; painAfter: number },
  ) {
    // Weekdays of March–April 2027, one per block, at least 7 days apart per series.
    const date = new Date(Date.UTC(2027, 2, 1 + 7 * day++));
    const ymd = date.toISOString().slice(0, 10);
    const offset = date.getUTCMonth() === 2 && date.getUTCDate() < 14 ? '-05:00' : '-04:00';
    await clinic.setClock(`${ymd}T07:00:00${offset}`);
    const appointmentId = await clinic.book(seriesId, `${ymd}T09:00:00${offset}`);
    await clinic.setClock(`${ymd}T09:05:00${offset}`);
    await clinic.checkIn(appointmentId);
    const performed = await clinic.perform(appointmentId, outcome);
    return { appointmentId, performed, series: await clinic.series(seriesId) };
  }

  it.each([
    [
      'technical failure (rise 0.8 °C), whatever the relief',
      { riseC: 0.8, painBefore: 8, painAfter: 1 },
      'technical-failure',
      'repeat-block',
      'technical-failure-repeat',
    ],
    [
      'worked, relief < 30 %',
      { riseC: 3.0, painBefore: 8, painAfter: 7 },
      'not-sympathetically-mediated',
      'stop-series',
      'not-sympathetically-mediated',
    ],
    [
      'worked, relief exactly 30 %',
      { riseC: 2.0, painBefore: 10, painAfter: 7 },
      'partial',
      'physician-review',
      'partial-relief',
    ],
    [
      'worked, relief 30–49 %',
      { riseC: 2.5, painBefore: 8, painAfter: 5 },
      'partial',
      'physician-review',
      'partial-relief',
    ],
    [
      'worked, relief ≥ 50 % (prognostic, first positive)',
      { riseC: 3.5, painBefore: 8, painAfter: 3 },
      'positive',
      'continue-series',
      undefined,
    ],
  ])('%s', async (_, outcome, classification, action, rule) => {
    const seriesId = await clinic.openSeries(await clinic.registerPatient(), {
      intent: 'prognostic',
    });
    const { appointmentId, performed, series } = await blockWith(seriesId, outcome);
    expect(performed.classification).toBe(classification);
    const block = series.blocks.find(
      (b: { appointmentId: string }) => b.appointmentId === appointmentId,
    );
    expect(block).toMatchObject({ number: 1, classification, status: 'performed' });
    expect(series.recommendation?.action).toBe(action);
    if (rule) expect(series.recommendation?.rule).toBe(rule);
    expect(typeof series.recommendation?.reason).toBe('string');
  });

  it('two positive prognostic blocks recommend referral to radiofrequency ablation', async () => {
    const seriesId = await clinic.openSeries(await clinic.registerPatient(), {
      intent: 'prognostic',
    });
    await blockWith(seriesId, { riseC: 3.0, painBefore: 8, painAfter: 2 });
    const { series } = await blockWith(seriesId, { riseC: 2.4, painBefore: 7, painAfter: 2 });
    expect(series.blocks.map((b) => b.classification)).toEqual(['positive', 'positive']);
    expect(series.recommendation).toMatchObject({ action: 'refer-rfa' });
  });

  it('two technical failures in a row ask for physician review', async () => {
    const seriesId = await clinic.openSeries(await clinic.registerPatient(), {
      intent: 'diagnostic',
    });
    await blockWith(seriesId, { riseC: 0.5, painBefore: 6, painAfter: 6 });
    const { series } = await blockWith(seriesId, { riseC: 1.0, painBefore: 6, painAfter: 5 });
    expect(series.recommendation).toMatchObject({
      action: 'physician-review',
      rule: 'repeated-technical-failure',
    });
  });

  it('a new series recommends booking a block, and none while one is booked', async () => {
    await clinic.setClock('2027-05-03T07:00:00-04:00');
    const seriesId = await clinic.openSeries(await clinic.registerPatient());
    expect((await clinic.series(seriesId)).recommendation).toMatchObject({ action: 'book-block' });
    await clinic.book(seriesId, '2027-05-04T09:00:00-04:00');
    expect((await clinic.series(seriesId)).recommendation).toBeNull();
  });
});
