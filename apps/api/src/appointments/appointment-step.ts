import type { Appointment, TreatmentSeriesState } from '@app/domain';
import type { HandleCommandResult } from '@app/event-store';
import { blockOf } from './appointment-step.response.dto';

/** A step of a block's life, done: the block as its series now holds it, and the write's position. */
export interface AppointmentStep {
  block: Appointment;
  position: bigint;
}

export function appointmentStepOf(
  result: HandleCommandResult<TreatmentSeriesState>,
  appointmentId: string,
): AppointmentStep {
  return { block: blockOf(result.state, appointmentId), position: result.position };
}
