import { isActive, isDone, type DoneAppointment } from '../appointment/appointment.state';
import type { Recommendation } from '../shared/clinical-vocabulary';
import {
  earliestNextBlockStart,
  initialSeriesCapReached,
  yearlyCapReached,
} from './treatment-series.rules';
import type { OpenedSeriesState, TreatmentSeriesState } from './treatment-series.state';

/**
 * The series recommendation (docs/http-api.md): one pure function of the series' events (through its state,
 * which carries the policy the series was opened under), used by the command side and by every
 * projection, so they can never disagree. The software recommends; a physician decides.
 *
 * Decisions documented here (docs/clinical-rules.md leaves them open):
 * - Cancelled and no-show blocks are not assessments: they are skipped.
 * - Diagnostic intent: one technically successful block answers the question. A positive block
 *   confirms sympathetically maintained pain; what follows (a prognostic or therapeutic series, or
 *   nothing) is a new plan, so the recommendation is physician review (rule diagnostic-question-answered).
 * - Prognostic intent: the positive blocks must be consecutive among the technically successful
 *   ones (a technical failure says nothing about the pain and neither breaks nor extends the run; a
 *   partial or negative block breaks it), because neurolysis needs a reproducible response.
 * - Therapeutic intent: each positive block is compared with the previous positive block by how
 *   long relief lasted (the latest follow-up of each: the largest daysAfter). When either duration is
 *   not recorded yet, physician review (rule therapeutic-relief-duration-unknown) rather than a
 *   guess either way.
 * - Caps: when the recommendation would be another block (book, repeat, continue) and that block
 *   would exceed a cap, physician review instead. The yearly window is that of the earliest date the
 *   next block could take (earliestNextBlockStart: the last block + minIntervalDays): there is no clock here.
 */
export function recommendNextStep(state: TreatmentSeriesState): Recommendation | null {
  if (state.status !== 'open') return null;
  if (state.blocks.some(isActive)) return null;
  const assessed = state.blocks.filter(isDone);
  if (assessed.some((block) => block.outcome === null)) return null;
  if (assessed.length === 0) {
    return capped(state, {
      action: 'book-block',
      reason: 'The series is open and no block has been done yet: book the first block.',
      rule: 'first-block',
    });
  }
  const last = assessed[assessed.length - 1];
  const outcome = last.outcome!;
  const n = last.blockNumber;
  const policy = state.policy;

  switch (outcome.classification) {
    case 'technical-failure': {
      const failuresInARow = countTrailing(assessed, (b) => !b.outcome!.technicalSuccess);
      if (failuresInARow >= policy.consecutiveTechnicalFailuresForReview) {
        return {
          action: 'physician-review',
          reason: `The last ${failuresInARow} blocks were technically unsuccessful in a row (no adequate temperature rise): review technique, levels and indication before another attempt.`,
          rule: 'repeated-technical-failure',
        };
      }
      return capped(state, {
        action: 'repeat-block',
        reason: `Block ${n} was technically unsuccessful (temperature rise ${celsius(outcome.temperatureRiseC)}, below ${celsius(policy.tempRiseMinC)}): it says nothing about the pain; repeat the block.`,
        rule: 'technical-failure-repeat',
      });
    }
    case null:
      return {
        action: 'physician-review',
        reason: `Block ${n} worked technically (temperature rise ${celsius(outcome.temperatureRiseC)}) but pain before the block was 0/10, so relief could not be measured.`,
        rule: 'relief-not-measurable',
      };
    case 'not-sympathetically-mediated':
      return {
        action: 'stop-series',
        reason: `Block ${n} worked technically (temperature rise ${celsius(outcome.temperatureRiseC)}) but relieved ${percent(outcome.reliefPct)} of the pain: the pain does not appear sympathetically mediated; consider stopping the series.`,
        rule: 'not-sympathetically-mediated',
      };
    case 'partial':
      return {
        action: 'physician-review',
        reason: `Block ${n} worked technically but gave partial relief (${percent(outcome.reliefPct)}): decide whether to continue the series.`,
        rule: 'partial-relief',
      };
    case 'positive':
      return positive(state, assessed, last);
    default: {
      const unknown: never = outcome.classification;
      throw new Error(`Unknown classification ${String(unknown)}`);
    }
  }
}

function positive(
  state: OpenedSeriesState & { status: 'open' },
  assessed: DoneAppointment[],
  last: DoneAppointment,
): Recommendation {
  const n = last.blockNumber;
  const relief = percent(last.outcome!.reliefPct);
  switch (state.intent) {
    case 'diagnostic':
      return {
        action: 'physician-review',
        reason: `The diagnostic block worked technically and relieved ${relief} of the pain: sympathetically maintained pain is confirmed; decide on a prognostic or therapeutic plan.`,
        rule: 'diagnostic-question-answered',
      };
    case 'prognostic': {
      const successful = assessed.filter((b) => b.outcome!.technicalSuccess);
      const positives = countTrailing(successful, (b) => b.outcome!.classification === 'positive');
      const needed = state.policy.neurolysisMinPositiveBlocks;
      if (positives >= needed) {
        return {
          action: 'refer-rfa',
          reason: `${positives} consecutive positive prognostic blocks (the last relieved ${relief} of the pain): consider referral for radiofrequency ablation or chemical neurolysis.`,
          rule: 'prognostic-positive-blocks',
        };
      }
      return capped(state, {
        action: 'continue-series',
        reason: `Block ${n} was positive (${relief} relief): ${positives} of ${needed} positive blocks needed before referral for neurolysis; book the next prognostic block.`,
        rule: 'prognostic-confirmation',
      });
    }
    case 'therapeutic': {
      const positives = assessed.filter((b) => b.outcome!.classification === 'positive');
      const previous = positives.length >= 2 ? positives[positives.length - 2] : null;
      if (previous === null) {
        return capped(state, {
          action: 'continue-series',
          reason: `Block ${n} was the first positive block (${relief} relief): continue the series and record how long relief lasts.`,
          rule: 'therapeutic-first-positive',
        });
      }
      const lastHours = reliefLastedHours(last);
      const previousHours = reliefLastedHours(previous);
      if (lastHours === null || previousHours === null) {
        return {
          action: 'physician-review',
          reason: `Block ${n} relieved ${relief} of the pain, but how long relief lasted is not recorded for it or for block ${previous.blockNumber}: record the follow-up before deciding on the next block.`,
          rule: 'therapeutic-relief-duration-unknown',
        };
      }
      if (lastHours > previousHours) {
        return capped(state, {
          action: 'continue-series',
          reason: `Relief lasted longer after block ${n} (${lastHours} h) than after block ${previous.blockNumber} (${previousHours} h): continue the series.`,
          rule: 'therapeutic-relief-lengthening',
        });
      }
      return {
        action: 'stop-series',
        reason: `Relief after block ${n} lasted ${lastHours} h, no longer than after block ${previous.blockNumber} (${previousHours} h): the blocks are no longer adding benefit; consider stopping the series.`,
        rule: 'therapeutic-relief-not-lasting',
      };
    }
    default: {
      const unknown: never = state.intent;
      throw new Error(`Unknown intent ${String(unknown)}`);
    }
  }
}

/** Another block is recommended: physician review instead when it would exceed a cap. */
function capped(state: OpenedSeriesState, recommendation: Recommendation): Recommendation {
  if (initialSeriesCapReached(state)) {
    return {
      action: 'physician-review',
      reason: `Another block would exceed the initial series of ${state.policy.initialSeriesMaxBlocks} blocks (a bilateral block counts as two): review before continuing; an override needs a recorded reason.`,
      rule: 'initial-series-cap',
    };
  }
  const next = earliestNextBlockStart(state);
  if (next !== null && yearlyCapReached(state, next)) {
    return {
      action: 'physician-review',
      reason: `Another block would exceed ${state.policy.yearlyMaxBlocks} blocks in 12 months (technical failures count): review before continuing; an override needs a recorded reason.`,
      rule: 'yearly-cap',
    };
  }
  return recommendation;
}

function countTrailing<T>(items: T[], predicate: (item: T) => boolean): number {
  let count = 0;
  for (let i = items.length - 1; i >= 0 && predicate(items[i]); i--) count++;
  return count;
}

/** How long relief lasted after a block: its latest follow-up (largest daysAfter, then latest). */
function reliefLastedHours(block: DoneAppointment): number | null {
  let best: { daysAfter: number; hours: number } | null = null;
  for (const followUp of block.followUps) {
    if (best === null || followUp.daysAfter >= best.daysAfter) {
      best = { daysAfter: followUp.daysAfter, hours: followUp.reliefLastedHours };
    }
  }
  return best === null ? null : best.hours;
}

function celsius(value: number): string {
  return `${value.toFixed(1)} °C`;
}

/** Relief of a technically successful, classified block: never null (pain before was above 0). */
function percent(value: number | null): string {
  return `${value!} %`;
}
