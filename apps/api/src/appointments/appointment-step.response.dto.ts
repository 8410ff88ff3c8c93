import { ApiProperty } from '@nestjs/swagger';
import {
  APPOINTMENT_STATUSES,
  blockOfSeries,
  type Appointment,
  type TreatmentSeriesState,
} from '@app/domain';

export class AppointmentStepResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: string;
}

/** The block as the series now holds it (after the command's events). */
export function blockOf(state: TreatmentSeriesState, appointmentId: string): Appointment {
  const block = blockOfSeries(state, appointmentId);
  if (!block)
    throw new Error(`appointment ${appointmentId} missing from its series after a command on it`);
  return block;
}
