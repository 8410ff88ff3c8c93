import { ApiProperty } from '@nestjs/swagger';
import {
  ANTICOAGULANTS,
  APPOINTMENT_STATUSES,
  CLASSIFICATIONS,
  DISPOSITIONS,
  LUMBAR_LEVELS,
  REMINDER_KINDS,
  SIDES,
  type Anticoagulant,
  type AppointmentStatus,
  type BlockOutcome,
  type CheckIn,
  type Classification,
  type Discharge,
  type Disposition,
  type FollowUp,
  type LumbarLevel,
  type Procedure,
  type ReminderKind,
  type Side,
} from '@app/domain';
import type {
  AppointmentReminderStatus,
  AppointmentReminderView,
  AppointmentView,
} from '@app/read-models';
import { ApiDate, ApiInstant } from '../../docs/api-instant.decorator';

/** GET /appointments/:id (docs/http-api.md): each class implements the shape it documents. */
export class RescheduleDto {
  @ApiInstant()
  previousStart!: string;
  @ApiInstant()
  start!: string;
  @ApiInstant({ description: 'When it was moved' })
  at!: string;
}

export class CheckInDto implements CheckIn {
  @ApiProperty()
  escortPresent!: boolean;
  @ApiProperty()
  fastingConfirmed!: boolean;
  @ApiProperty()
  anticoagulantHeld!: boolean;
  @ApiInstant()
  checkedInAt!: string;
}

export class ProcedureDto implements Procedure {
  @ApiProperty({ enum: LUMBAR_LEVELS, isArray: true, example: ['L2', 'L3'] })
  levels!: LumbarLevel[];
  @ApiProperty({ enum: SIDES })
  side!: Side;
  @ApiProperty()
  sedationGiven!: boolean;
  @ApiProperty({ example: 29.5, description: '°C' })
  baselineTempC!: number;
  @ApiProperty({ example: 33.1, description: '°C' })
  peakTempC!: number;
  @ApiProperty({ type: Number, nullable: true, example: 29.8 })
  contralateralBaselineTempC!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 30.0 })
  contralateralPeakTempC!: number | null;
  @ApiProperty({ minimum: 0, maximum: 10 })
  painBefore!: number;
  @ApiProperty({ minimum: 0, maximum: 10 })
  painAfter!: number;
  @ApiInstant()
  performedAt!: string;
}

export class BlockOutcomeDto implements BlockOutcome {
  @ApiProperty()
  technicalSuccess!: boolean;
  @ApiProperty({ example: 3.6 })
  temperatureRiseC!: number;
  @ApiProperty({ type: Number, nullable: true, example: 62.5 })
  reliefPct!: number | null;
  @ApiProperty({ enum: CLASSIFICATIONS, nullable: true })
  classification!: Classification | null;
  @ApiProperty({ description: 'The clinical policy it was judged by' })
  policyVersion!: string;
}

export class DischargeDto implements Discharge {
  @ApiProperty({ minimum: 0, maximum: 10 })
  aldreteScore!: number;
  @ApiProperty({ minimum: 0, maximum: 10 })
  padssScore!: number;
  @ApiProperty()
  escortPresent!: boolean;
  @ApiProperty({ enum: DISPOSITIONS })
  disposition!: Disposition;
  @ApiInstant()
  dischargedAt!: string;
}

export class FollowUpDto implements FollowUp {
  @ApiProperty({ example: 7 })
  daysAfter!: number;
  @ApiProperty({ minimum: 0, maximum: 10 })
  painScore!: number;
  @ApiProperty({ example: 36 })
  reliefLastedHours!: number;
  @ApiInstant()
  recordedAt!: string;
}

export class CancellationDto {
  @ApiProperty({ example: 'Patient has a fever (deferred)' })
  reason!: string;
  @ApiInstant()
  at!: string;
}

const REMINDER_STATUSES: AppointmentReminderStatus[] = ['scheduled', 'sent', 'cancelled', 'failed'];

export class AppointmentReminderDto implements AppointmentReminderView {
  @ApiProperty({ enum: REMINDER_KINDS })
  kind!: ReminderKind;
  @ApiInstant({ description: "The planned instant, in the patient's offset" })
  dueAt!: string;
  @ApiProperty({ enum: REMINDER_STATUSES })
  status!: AppointmentReminderStatus;
}

export class AppointmentViewDto implements AppointmentView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({ example: 1 })
  blockNumber!: number;
  @ApiProperty({ example: 'dr-okafor' })
  physicianId!: string;
  @ApiProperty({ example: 'Dr. Okafor' })
  physicianName!: string;
  @ApiProperty({ example: 'fluoro-1' })
  roomId!: string;
  @ApiProperty({ example: 'Fluoroscopy 1' })
  roomName!: string;
  @ApiInstant()
  start!: string;
  @ApiInstant({ example: '2027-03-02T10:00:00-05:00' })
  end!: string;
  @ApiDate()
  clinicDate!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: AppointmentStatus;
  @ApiProperty({ description: 'IV sedation planned' })
  sedation!: boolean;
  @ApiProperty({ enum: ANTICOAGULANTS, nullable: true })
  anticoagulant!: Anticoagulant | null;
  @ApiInstant({
    nullable: true,
    description: 'When the anticoagulant hold begins (the last dose); null without a hold',
  })
  anticoagulantHoldFrom!: string | null;
  @ApiInstant()
  bookedAt!: string;
  @ApiProperty({ type: RescheduleDto, isArray: true, description: 'Every move, oldest first' })
  reschedules!: RescheduleDto[];
  @ApiProperty({ type: CheckInDto, nullable: true })
  checkIn!: CheckInDto | null;
  @ApiProperty({ type: ProcedureDto, nullable: true })
  procedure!: ProcedureDto | null;
  @ApiProperty({ type: BlockOutcomeDto, nullable: true })
  outcome!: BlockOutcomeDto | null;
  @ApiProperty({ type: DischargeDto, nullable: true })
  discharge!: DischargeDto | null;
  @ApiProperty({ type: FollowUpDto, isArray: true })
  followUps!: FollowUpDto[];
  @ApiProperty({ type: CancellationDto, nullable: true })
  cancellation!: CancellationDto | null;
  @ApiInstant({ nullable: true })
  noShowRecordedAt!: string | null;
  @ApiProperty({ type: AppointmentReminderDto, isArray: true })
  reminders!: AppointmentReminderDto[];
}
