import { DEFAULT_CLINICAL_POLICY } from './clinical-policy';
import { validateClinicalPolicy } from './clinical-policy.validation';

const valid = (): Record<string, unknown> => JSON.parse(JSON.stringify(DEFAULT_CLINICAL_POLICY));

describe('validating a clinical policy', () => {
  it('the defaults of docs/clinical-rules.md are valid and come back equal', () => {
    expect(validateClinicalPolicy(valid())).toEqual(DEFAULT_CLINICAL_POLICY);
  });

  it('the defaults are docs/clinical-rules.md’s numbers', () => {
    expect(DEFAULT_CLINICAL_POLICY).toMatchObject({
      tempRiseMinC: 2.0,
      reliefPositivePct: 50,
      reliefPartialPct: 30,
      minIntervalDays: 7,
      initialSeriesMaxBlocks: 3,
      yearlyMaxBlocks: 6,
      neurolysisMinPositiveBlocks: 2,
      consecutiveTechnicalFailuresForReview: 2,
      roomSlotMinutes: 60,
      recoveryMinutes: 30,
      dischargeMinAldrete: 9,
      dischargeMinPadss: 9,
      quietHoursStart: '21:00',
      quietHoursEnd: '08:00',
      firstFollowUpDay: 7,
      secondFollowUpDay: 28,
      followUpGraceDays: 2,
    });
  });

  it('a clinic may use 1.5 °C and 3 positive blocks', () => {
    const input = { ...valid(), tempRiseMinC: 1.5, neurolysisMinPositiveBlocks: 3, version: 'v2' };
    expect(validateClinicalPolicy(input)).toMatchObject({
      tempRiseMinC: 1.5,
      neurolysisMinPositiveBlocks: 3,
    });
  });

  it('aspirin may be null (physician decides) and a drug may have no hold (0)', () => {
    const input = valid();
    (input.anticoagulantHoldHours as Record<string, unknown>).warfarin = 0;
    expect(validateClinicalPolicy(input).anticoagulantHoldHours).toMatchObject({
      warfarin: 0,
      aspirin: null,
    });
  });

  it.each<[string, (p: Record<string, unknown>) => void, string]>([
    ['an unknown setting', (p) => (p.tempRiseMin = 2), 'tempRiseMin'],
    ['no version', (p) => (p.version = ''), 'version'],
    ['a threshold that is not a number', (p) => (p.tempRiseMinC = '2'), 'tempRiseMinC'],
    ['a zero temperature threshold', (p) => (p.tempRiseMinC = 0), 'tempRiseMinC'],
    ['a fractional interval', (p) => (p.minIntervalDays = 6.5), 'minIntervalDays'],
    ['a negative interval', (p) => (p.minIntervalDays = -1), 'minIntervalDays'],
    ['relief above 100 %', (p) => (p.reliefPositivePct = 120), 'reliefPositivePct'],
    ['partial not below positive', (p) => (p.reliefPartialPct = 50), 'reliefPartialPct'],
    ['an Aldrete minimum above 10', (p) => (p.dischargeMinAldrete = 11), 'dischargeMinAldrete'],
    ['no cap', (p) => (p.yearlyMaxBlocks = 0), 'yearlyMaxBlocks'],
    ['an infinite slot', (p) => (p.roomSlotMinutes = Number.POSITIVE_INFINITY), 'roomSlotMinutes'],
    ['no hold table', (p) => (p.anticoagulantHoldHours = null), 'anticoagulantHoldHours'],
    [
      'an unknown drug',
      (p) => ((p.anticoagulantHoldHours as Record<string, unknown>).heparin = 4),
      'anticoagulantHoldHours.heparin',
    ],
    [
      'a drug missing',
      (p) => delete (p.anticoagulantHoldHours as Record<string, unknown>).apixaban,
      'anticoagulantHoldHours.apixaban',
    ],
    [
      'a negative hold',
      (p) => ((p.anticoagulantHoldHours as Record<string, unknown>).apixaban = -24),
      'anticoagulantHoldHours.apixaban',
    ],
    ['quiet hours not HH:mm', (p) => (p.quietHoursStart = '9pm'), 'quietHoursStart'],
    ['quiet hours missing', (p) => delete p.quietHoursEnd, 'quietHoursEnd'],
    ['a follow-up on the day of the block', (p) => (p.firstFollowUpDay = 0), 'firstFollowUpDay'],
    ['a fractional follow-up day', (p) => (p.secondFollowUpDay = 27.5), 'secondFollowUpDay'],
    [
      'the second follow-up not after the first',
      (p) => (p.secondFollowUpDay = 7),
      'secondFollowUpDay',
    ],
    ['a negative follow-up grace', (p) => (p.followUpGraceDays = -1), 'followUpGraceDays'],
    ['a follow-up grace missing', (p) => delete p.followUpGraceDays, 'followUpGraceDays'],
  ])('refuses %s, naming the field', (_what, mutate, field) => {
    const input = valid();
    mutate(input);
    expect(() => validateClinicalPolicy(input)).toThrow(expect.objectContaining({ field }));
  });

  it('refuses what is not an object', () => {
    expect(() => validateClinicalPolicy([])).toThrow(
      'Invalid configuration: policy must be an object.',
    );
  });
});
