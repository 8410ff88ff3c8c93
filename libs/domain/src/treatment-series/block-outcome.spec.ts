import { aClinicalPolicy } from '@app/testing';
import { judgeBlock, roundTo, type BlockMeasurements } from './block-outcome';

const policy = aClinicalPolicy();

function block(overrides: Partial<BlockMeasurements>): BlockMeasurements {
  return {
    side: 'left',
    baselineTempC: 30.0,
    peakTempC: 33.0,
    contralateralBaselineTempC: 30.1,
    contralateralPeakTempC: 30.2,
    painBefore: 8,
    painAfter: 2,
    ...overrides,
  };
}

describe('judging one block (docs/clinical-rules.md)', () => {
  describe('technical success: the blocked foot warms by at least tempRiseMinC', () => {
    it('a rise of exactly 2.0 °C (34.0 → 36.0) is a success', () => {
      const judged = judgeBlock(block({ baselineTempC: 34.0, peakTempC: 36.0 }), policy);
      expect(judged).toMatchObject({ technicalSuccess: true, temperatureRiseC: 2.0 });
    });

    it('floating point does not turn 33.3 → 35.3 into 1.9999 °C', () => {
      const judged = judgeBlock(block({ baselineTempC: 33.3, peakTempC: 35.3 }), policy);
      expect(judged).toMatchObject({ technicalSuccess: true, temperatureRiseC: 2.0 });
    });

    it('a rise of 1.9 °C is a technical failure whatever the relief', () => {
      const judged = judgeBlock(
        block({ baselineTempC: 30.0, peakTempC: 31.9, painAfter: 0 }),
        policy,
      );
      expect(judged).toEqual({
        technicalSuccess: false,
        temperatureRiseC: 1.9,
        reliefPct: 100,
        classification: 'technical-failure',
      });
    });

    it('a clinic using 1.5 °C judges a 1.5 °C rise a success', () => {
      const lenient = aClinicalPolicy({ tempRiseMinC: 1.5 });
      expect(judgeBlock(block({ peakTempC: 31.5 }), lenient).technicalSuccess).toBe(true);
      expect(judgeBlock(block({ peakTempC: 31.4 }), lenient).technicalSuccess).toBe(false);
    });

    it('a cooling foot is a technical failure with a negative rise', () => {
      const judged = judgeBlock(block({ baselineTempC: 31.0, peakTempC: 30.5 }), policy);
      expect(judged).toMatchObject({ technicalSuccess: false, temperatureRiseC: -0.5 });
    });

    it('unilateral: the contralateral foot is only the control, it does not decide', () => {
      const judged = judgeBlock(
        block({ side: 'right', contralateralBaselineTempC: 30.0, contralateralPeakTempC: 30.0 }),
        policy,
      );
      expect(judged).toMatchObject({ technicalSuccess: true, temperatureRiseC: 3.0 });
    });

    it('bilateral: both feet must rise; the smaller rise is reported', () => {
      const both = judgeBlock(
        block({
          side: 'bilateral',
          contralateralBaselineTempC: 30.0,
          contralateralPeakTempC: 32.5,
        }),
        policy,
      );
      expect(both).toMatchObject({ technicalSuccess: true, temperatureRiseC: 2.5 });

      const oneSideOnly = judgeBlock(
        block({
          side: 'bilateral',
          contralateralBaselineTempC: 30.0,
          contralateralPeakTempC: 31.0,
        }),
        policy,
      );
      expect(oneSideOnly).toMatchObject({
        technicalSuccess: false,
        temperatureRiseC: 1.0,
        classification: 'technical-failure',
      });
    });

    it('bilateral without the other foot measured: the measured foot decides', () => {
      const judged = judgeBlock(
        block({
          side: 'bilateral',
          contralateralBaselineTempC: null,
          contralateralPeakTempC: null,
        }),
        policy,
      );
      expect(judged).toMatchObject({ technicalSuccess: true, temperatureRiseC: 3.0 });
    });
  });

  describe('relief and classification', () => {
    it.each([
      // painBefore, painAfter, reliefPct, classification
      [10, 5, 50, 'positive'], // exactly 50 %: positive
      [8, 2, 75, 'positive'],
      [10, 0, 100, 'positive'],
      [10, 6, 40, 'partial'],
      [10, 7, 30, 'partial'], // exactly 30 %: partial
      [7, 5, 28.6, 'not-sympathetically-mediated'],
      [8, 7, 12.5, 'not-sympathetically-mediated'],
      [6, 6, 0, 'not-sympathetically-mediated'],
      [4, 6, -50, 'not-sympathetically-mediated'], // worse after the block
      [3, 2, 33.3, 'partial'],
      [6, 3, 50, 'positive'],
    ] as const)(
      'pain %i → %i: relief %d %%, %s',
      (painBefore, painAfter, reliefPct, classification) => {
        expect(judgeBlock(block({ painBefore, painAfter }), policy)).toMatchObject({
          technicalSuccess: true,
          reliefPct,
          classification,
        });
      },
    );

    it('pain before 0: relief is not measurable, classification null', () => {
      expect(judgeBlock(block({ painBefore: 0, painAfter: 0 }), policy)).toEqual({
        technicalSuccess: true,
        temperatureRiseC: 3.0,
        reliefPct: null,
        classification: null,
      });
    });

    it('pain before 0 and a technical failure: still a technical failure', () => {
      expect(judgeBlock(block({ painBefore: 0, painAfter: 0, peakTempC: 30.5 }), policy)).toEqual({
        technicalSuccess: false,
        temperatureRiseC: 0.5,
        reliefPct: null,
        classification: 'technical-failure',
      });
    });

    it('thresholds come from the policy', () => {
      const strict = aClinicalPolicy({ reliefPositivePct: 70, reliefPartialPct: 40 });
      expect(judgeBlock(block({ painBefore: 10, painAfter: 4 }), strict).classification).toBe(
        'partial',
      );
      expect(judgeBlock(block({ painBefore: 10, painAfter: 7 }), strict).classification).toBe(
        'not-sympathetically-mediated',
      );
    });
  });

  it('roundTo rounds half up after removing float noise', () => {
    expect(roundTo(2.05, 1)).toBe(2.1);
    expect(roundTo(36.0 - 34.0, 1)).toBe(2);
    expect(roundTo(35.3 - 33.3, 1)).toBe(2);
    expect(roundTo(1 / 3, 1)).toBe(0.3);
  });
});
