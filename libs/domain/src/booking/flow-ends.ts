import type { DomainError } from '../shared/domain-error';
import type { BookingObservation, BookingOutcome, BookingStep } from './booking.steps';

/** A flow that has ended: from now on `decide` answers this step, and nothing more is asked. */
export interface Finished<Request> {
  request: Request;
  phase: 'finished';
  step: BookingStep;
}

export function doneWith<Request>(request: Request, outcome: BookingOutcome): Finished<Request> {
  return { request, phase: 'finished', step: { type: 'done', outcome } };
}

export function refusedWith<Request>(request: Request, error: DomainError): Finished<Request> {
  return { request, phase: 'finished', step: { type: 'refuse', error } };
}

/** The runner answered another question than the one asked: a bug in the runner, not a refusal. */
export function unexpected(phase: string, seen: BookingObservation): never {
  throw new Error(`booking workflow: "${seen.type}" does not answer the step of phase "${phase}"`);
}
