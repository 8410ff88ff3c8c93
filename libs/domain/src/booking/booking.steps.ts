import type { ClinicDayState } from '../clinic-day/clinic-day.decider';
import type { ClinicDayCommand } from '../clinic-day/clinic-day.commands';
import type { Slot } from '../clinic-calendar/clinic-calendar';
import type { DomainError } from '../shared/domain-error';
import type { TreatmentSeriesCommand } from '../treatment-series/treatment-series.commands';
import type { TreatmentSeriesState } from '../treatment-series/treatment-series.state';

/**
 * The names of a booking's steps. The runner derives each step's command id from its name, so a
 * retried request (or two reconcilers) writes every step once.
 */
export type BookingStepName =
  | 'reserve'
  | 'confirm'
  | 'move'
  | 'abandon'
  | 'restore'
  | 'release'
  | 'release-previous'
  | 'cancel-block'
  | 'keep-slot/reserve-again'
  | 'keep-slot/cancel';

/** What the workflow asks the runner to do next. */
export type BookingStep =
  /** Read the series; `asStep`: as that step's command would see it (it tells whether it already ran). */
  | { type: 'read-series'; seriesId: string; asStep?: BookingStepName }
  | { type: 'read-day'; clinicDate: string }
  | {
      type: 'write-series';
      name: BookingStepName;
      seriesId: string;
      command: TreatmentSeriesCommand;
    }
  | {
      type: 'write-day';
      name: BookingStepName;
      clinicDate: string;
      command: ClinicDayCommand;
      /** A compensation whose failure (of any kind) must not hide the refusal being reported. */
      bestEffort?: true;
    }
  | { type: 'done'; outcome: BookingOutcome }
  | { type: 'refuse'; error: DomainError };

/** What the runner saw, answering the step the workflow asked for. */
export type BookingObservation =
  | {
      type: 'series-read';
      state: TreatmentSeriesState;
      /** The step named in `asStep` had already run (a retried request). */
      alreadyRan?: boolean;
    }
  | { type: 'day-read'; state: ClinicDayState }
  /** The write was appended (or, `replayed`, had been by an earlier attempt of the same step). */
  | { type: 'written'; replayed: boolean; series?: TreatmentSeriesState }
  /** The decider refused the write: nothing was written. */
  | { type: 'refused'; error: DomainError }
  /** A best-effort step did not complete (the store failed): what it wrote is unknown. */
  | { type: 'failed' };

/** How a booking ended. */
export type BookingOutcome =
  | { type: 'booked'; appointmentId: string; slot: Slot }
  | { type: 'moved'; slot: Slot }
  | { type: 'cancelled'; series: TreatmentSeriesState }
  | { type: 'settled'; changed: boolean };
