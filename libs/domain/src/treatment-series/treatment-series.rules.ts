import { isActive, isCounted, isDone, type Appointment } from '../appointment/appointment.state';
import { addDays, dayNumber, formatInstant, shiftInstant, toMillis } from '../shared/instant';
import type { BookBlock, RescheduleBlock } from './treatment-series.commands';
import {
  BlockAlreadyBookedError,
  InitialSeriesCapError,
  MinIntervalError,
  SeriesNotFoundError,
  SeriesNotOpenError,
  YearlyCapError,
} from './treatment-series.errors';
import type { OpenedSeriesState, TreatmentSeriesState } from './treatment-series.state';
import { InThePastError } from '../shared/domain-error';

/**
 * The rules that span the blocks of a series (docs/clinical-rules.md "Limits on a series"), shared by the
 * decider (refusals) and the recommendation (physician review when a cap is reached).
 */

/** A bilateral block counts as two procedures (billing, caps). */
export function unitsPerBlock(state: Pick<OpenedSeriesState, 'side'>): number {
  return state.side === 'bilateral' ? 2 : 1;
}

export function hasOverride(
  state: Pick<OpenedSeriesState, 'capOverrides'>,
  cap: 'initial-series' | 'yearly',
): boolean {
  return state.capOverrides.some((override) => override.cap === cap);
}

/**
 * Blocks counted in the initial series: booked, checked-in and technically successful done blocks.
 * A technical failure is repeated and does not count here (docs/clinical-rules.md: it "does not count as no
 * response"); it does count toward the yearly cap, because it was performed and billed.
 */
function countsTowardInitialSeries(block: Appointment): boolean {
  if (isActive(block)) return true;
  return isDone(block) && (block.outcome === null || block.outcome.technicalSuccess);
}

export function initialSeriesUnits(state: OpenedSeriesState, excludeId?: string): number {
  return (
    state.blocks.filter((b) => b.appointmentId !== excludeId && countsTowardInitialSeries(b))
      .length * unitsPerBlock(state)
  );
}

/** Whether one more block would exceed the initial-series cap (rehabilitation or an override lift it). */
export function initialSeriesCapReached(state: OpenedSeriesState, excludeId?: string): boolean {
  if (state.rehabilitationProgramme || hasOverride(state, 'initial-series')) return false;
  return (
    initialSeriesUnits(state, excludeId) + unitsPerBlock(state) >
    state.policy.initialSeriesMaxBlocks
  );
}

/**
 * Units of counted blocks (technical failures included) in the rolling 12 months that end at the
 * instant `at`: (at − 12 calendar months, at].
 */
export function yearlyUnits(state: OpenedSeriesState, at: string, excludeId?: string): number {
  const atMs = toMillis(at, 'start');
  const windowStartMs = shiftInstant(at, { months: -12 });
  return (
    state.blocks.filter((b) => {
      if (b.appointmentId === excludeId || !isCounted(b)) return false;
      const startMs = toMillis(b.start, 'start');
      return startMs > windowStartMs && startMs <= atMs;
    }).length * unitsPerBlock(state)
  );
}

/** Whether one more block at the instant `at` would exceed the yearly (rolling 12 months) cap. */
export function yearlyCapReached(
  state: OpenedSeriesState,
  at: string,
  excludeId?: string,
): boolean {
  if (hasOverride(state, 'yearly')) return false;
  return yearlyUnits(state, at, excludeId) + unitsPerBlock(state) > state.policy.yearlyMaxBlocks;
}

/**
 * When the next block may take place: minIntervalDays after the latest counted block (every "when
 * may the next block be" of the code asks one of the two functions below). null: no counted block.
 */
function latestCountedBlock(state: OpenedSeriesState, excludeId?: string): Appointment | null {
  let latest: Appointment | null = null;
  for (const block of state.blocks) {
    if (block.appointmentId === excludeId || !isCounted(block)) continue;
    if (
      latest === null ||
      block.clinicDate > latest.clinicDate ||
      (block.clinicDate === latest.clinicDate && toMillis(block.start) > toMillis(latest.start))
    ) {
      latest = block;
    }
  }
  return latest;
}

/** The first clinic date a new block may take (clinic dates: a DST change never makes 7 days 6 days and 23 hours). */
export function earliestNextBlockDate(state: OpenedSeriesState, excludeId?: string): string | null {
  const latest = latestCountedBlock(state, excludeId);
  return latest && addDays(latest.clinicDate, state.policy.minIntervalDays);
}

/** That date at the latest block's clock time: where the recommendation's yearly window ends. */
export function earliestNextBlockStart(state: OpenedSeriesState): string | null {
  const latest = latestCountedBlock(state);
  if (latest === null) return null;
  return formatInstant(shiftInstant(latest.start, { days: state.policy.minIntervalDays }), 'UTC');
}

function assertMinInterval(state: OpenedSeriesState, clinicDate: string, excludeId?: string): void {
  const newDay = dayNumber(clinicDate, 'clinicDate');
  for (const block of state.blocks) {
    if (block.appointmentId === excludeId || !isCounted(block)) continue;
    if (Math.abs(newDay - dayNumber(block.clinicDate)) < state.policy.minIntervalDays) {
      throw new MinIntervalError(
        state.policy.minIntervalDays,
        earliestNextBlockDate(state, excludeId)!,
      );
    }
  }
}

export function assertOpened(state: TreatmentSeriesState): asserts state is OpenedSeriesState {
  if (state.status === 'not-opened') throw new SeriesNotFoundError();
}

/** What the booking checks need: a BookBlock command's data fits. */
export type BlockSlotCheck = Pick<BookBlock['data'], 'start' | 'clinicDate' | 'now'> & {
  appointmentId?: string;
};

/**
 * The checks of BookBlock, to run before reserving a slot (the booking process reserves in the
 * ClinicDay first): series open, no other block booked and not done, start not in the past, the
 * minimum interval, then the initial-series and yearly caps. Throws the refusing DomainError.
 */
export function assertBlockCanBeBooked(
  state: TreatmentSeriesState,
  command: { data: BlockSlotCheck },
): void {
  assertOpened(state);
  if (state.status !== 'open') throw new SeriesNotOpenError(state.status);
  if (state.blocks.some(isActive)) throw new BlockAlreadyBookedError();
  assertSlotRules(state, command.data);
}

/** Interval and caps re-checked for a move, against the other blocks of the series. */
export function assertBlockCanBeMoved(
  state: OpenedSeriesState,
  command: Pick<RescheduleBlock, 'data'>,
): void {
  if (state.status !== 'open') throw new SeriesNotOpenError(state.status);
  assertSlotRules(state, command.data);
}

function assertSlotRules(state: OpenedSeriesState, slot: BlockSlotCheck): void {
  if (toMillis(slot.start, 'start') < toMillis(slot.now, 'now')) throw new InThePastError();
  assertMinInterval(state, slot.clinicDate, slot.appointmentId);
  if (initialSeriesCapReached(state, slot.appointmentId)) {
    throw new InitialSeriesCapError(state.policy.initialSeriesMaxBlocks);
  }
  if (yearlyCapReached(state, slot.start, slot.appointmentId)) {
    throw new YearlyCapError(state.policy.yearlyMaxBlocks);
  }
}
