import {
  bookingWorkflow,
  clinicDayDecider,
  treatmentSeriesDecider,
  type BookingObservation,
  type BookingRequest,
  type BookingStep,
  type ClinicDayEvent,
  type DomainError,
  type TreatmentSeriesEvent,
  type TreatmentSeriesState,
} from '@app/domain';

/**
 * Given/when/then for the booking workflow (Emmett's WorkflowSpecification, smaller): a request,
 * then what the streams answer to each step it asks, then the steps it asked, in words:
 *   givenBooking(aBooking()).answered(seriesRead([seriesOpened()]), written(), written())
 *     .thenAsked('read the series as confirm sees it', 'reserve on 2027-03-02',
 *                'confirm in the series', 'done: booked');
 */
export function givenBooking(request: BookingRequest) {
  return {
    answered(...answers: BookingObservation[]): BookingWalk {
      let state = bookingWorkflow.start(request);
      const asked: string[] = [];
      for (const answer of answers) {
        const step = bookingWorkflow.decide(state);
        if (step.type === 'done' || step.type === 'refuse') {
          throw new Error(`the workflow had finished (${describeStep(step)}) before this answer`);
        }
        asked.push(describeStep(step));
        state = bookingWorkflow.evolve(state, answer);
      }
      const next = bookingWorkflow.decide(state);
      return {
        next,
        thenAsked(...expected: string[]) {
          expect([...asked, describeStep(next)]).toEqual(expected);
        },
      };
    },
  };
}

export interface BookingWalk {
  /** The step the workflow asks after the last answer. */
  next: BookingStep;
  /** Every step asked, the last one included, in words (describeStep). */
  thenAsked(...expected: string[]): void;
}

export function describeStep(step: BookingStep): string {
  switch (step.type) {
    case 'read-series':
      return step.asStep ? `read the series as ${step.asStep} sees it` : 'read the series';
    case 'read-day':
      return `read the day ${step.clinicDate}`;
    case 'write-series':
      return `${step.name} in the series`;
    case 'write-day':
      return step.command.type === 'ReleaseSlot'
        ? `${step.name} on ${step.clinicDate} (${step.command.data.reason})`
        : `${step.name} on ${step.clinicDate}`;
    case 'done':
      return `done: ${step.outcome.type}`;
    case 'refuse':
      return `refused: ${step.error.code}`;
  }
}

// ─── what the streams answer ────────────────────────────────────────────────────────────────────

export function seriesOf(events: TreatmentSeriesEvent[]): TreatmentSeriesState {
  return events.reduce(treatmentSeriesDecider.evolve, treatmentSeriesDecider.initialState());
}

export function seriesRead(
  events: TreatmentSeriesEvent[],
  options: { alreadyRan?: boolean } = {},
): BookingObservation {
  return { type: 'series-read', state: seriesOf(events), ...options };
}

export function dayRead(events: ClinicDayEvent[]): BookingObservation {
  return {
    type: 'day-read',
    state: events.reduce(clinicDayDecider.evolve, clinicDayDecider.initialState()),
  };
}

/** The step's write was appended (`replayed`: an earlier attempt had appended it). */
export function written(
  options: { replayed?: boolean; series?: TreatmentSeriesEvent[] } = {},
): BookingObservation {
  return {
    type: 'written',
    replayed: options.replayed ?? false,
    ...(options.series ? { series: seriesOf(options.series) } : {}),
  };
}

export function refused(error: DomainError): BookingObservation {
  return { type: 'refused', error };
}

export function failed(): BookingObservation {
  return { type: 'failed' };
}
