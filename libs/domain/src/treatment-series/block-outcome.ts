import type { ClinicalPolicy } from '../policy/clinical-policy';
import type { Classification } from '../shared/clinical-vocabulary';
import type { BlockPerformed } from './treatment-series.events';

export type BlockMeasurements = Pick<
  BlockPerformed['data'],
  | 'side'
  | 'baselineTempC'
  | 'peakTempC'
  | 'contralateralBaselineTempC'
  | 'contralateralPeakTempC'
  | 'painBefore'
  | 'painAfter'
>;

export interface BlockJudgement {
  technicalSuccess: boolean;
  /** Rise on the blocked side, 0.1 °C precision; bilateral with both feet measured: the smaller rise. */
  temperatureRiseC: number;
  /** (before − after) / before, 0.1 % precision; null when pain before was 0 (not measurable). */
  reliefPct: number | null;
  /** null when technically successful but relief is not measurable (pain before 0). */
  classification: Classification | null;
}

/** Rounds half up to `decimals`, after removing floating-point noise (36.0 − 34.0 is exactly 2.0). */
export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(Number((value * scale).toFixed(6))) / scale;
}

/**
 * docs/clinical-rules.md "Judging one block": two separate questions from two measurements.
 * 1. Technical success: the blocked foot warmed by at least tempRiseMinC (rounded to 0.1 °C before
 *    comparing, so a rise of exactly the threshold succeeds). Unilateral: the contralateral foot is
 *    the control and does not decide. Bilateral with contralateral temperatures: they are the other
 *    blocked foot and both must rise; without them, the measured foot decides.
 * 2. Relief: ≥ reliefPositivePct positive, ≥ reliefPartialPct partial, else not sympathetically
 *    mediated. A technical failure is a technical failure whatever the relief.
 */
export function judgeBlock(
  performed: BlockMeasurements,
  policy: Pick<ClinicalPolicy, 'tempRiseMinC' | 'reliefPositivePct' | 'reliefPartialPct'>,
): BlockJudgement {
  const blockedRise = roundTo(performed.peakTempC - performed.baselineTempC, 1);
  const otherFootMeasured =
    performed.side === 'bilateral' &&
    performed.contralateralBaselineTempC !== null &&
    performed.contralateralPeakTempC !== null;
  const temperatureRiseC = otherFootMeasured
    ? Math.min(
        blockedRise,
        roundTo(performed.contralateralPeakTempC! - performed.contralateralBaselineTempC!, 1),
      )
    : blockedRise;
  const technicalSuccess = temperatureRiseC >= policy.tempRiseMinC;
  const reliefPct =
    performed.painBefore === 0
      ? null
      : roundTo(((performed.painBefore - performed.painAfter) / performed.painBefore) * 100, 1);
  return {
    technicalSuccess,
    temperatureRiseC,
    reliefPct,
    classification: classify(technicalSuccess, reliefPct, policy),
  };
}

function classify(
  technicalSuccess: boolean,
  reliefPct: number | null,
  policy: Pick<ClinicalPolicy, 'reliefPositivePct' | 'reliefPartialPct'>,
): Classification | null {
  if (!technicalSuccess) return 'technical-failure';
  if (reliefPct === null) return null;
  if (reliefPct >= policy.reliefPositivePct) return 'positive';
  if (reliefPct >= policy.reliefPartialPct) return 'partial';
  return 'not-sympathetically-mediated';
}
