import { ApiProperty } from '@nestjs/swagger';
import {
  APPOINTMENT_STATUSES,
  CLASSIFICATIONS,
  INDICATIONS,
  INTENTS,
  REFERRAL_MODALITIES,
  SIDES,
  type AppointmentStatus,
  type Classification,
  type Indication,
  type Intent,
  type ReferralModality,
  type Side,
} from '@app/domain';
import type { SeriesBlockView, SeriesView } from '@app/read-models';
import { ApiInstant } from '../../docs/api-instant.decorator';
import {
  OVERRIDABLE_CAPS,
  type OverridableCap,
} from '../grant-cap-override/grant-cap-override.request.dto';
import { RecommendationDto } from '../recommendation.dto';

/**
 * The series as the physician sees it (docs/http-api.md). Each class implements the view it
 * documents and the controller returns it as the DTO, so a field missing on either side does not
 * compile; the e2e tests check the answers against the OpenAPI document as well.
 */
export class SeriesBlockDto implements SeriesBlockView {
  @ApiProperty({ format: 'uuid' })
  appointmentId!: string;
  @ApiProperty({ example: 1, description: 'A replacement of a cancelled block keeps its number' })
  number!: number;
  @ApiInstant()
  start!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: AppointmentStatus;
  @ApiProperty({ type: Boolean, nullable: true, description: 'null until the block is judged' })
  technicalSuccess!: boolean | null;
  @ApiProperty({ type: Number, nullable: true, example: 3.4 })
  temperatureRiseC!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 62.5 })
  reliefPct!: number | null;
  @ApiProperty({ enum: CLASSIFICATIONS, nullable: true })
  classification!: Classification | null;
}

export class ReferralDto {
  @ApiProperty({ enum: REFERRAL_MODALITIES })
  modality!: ReferralModality;
  @ApiInstant()
  at!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The physician who issued it' })
  by!: string | null;
}

export class CapOverrideDto {
  @ApiProperty({ enum: OVERRIDABLE_CAPS, description: 'The payer limit lifted for this series' })
  cap!: OverridableCap;
  @ApiProperty({ example: 'Enrolled in a functional restoration programme' })
  reason!: string;
  @ApiInstant()
  grantedAt!: string;
}

export class SeriesViewDto implements SeriesView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({ enum: INDICATIONS })
  indication!: Indication;
  @ApiProperty({ enum: SIDES })
  side!: Side;
  @ApiProperty({ enum: INTENTS })
  intent!: Intent;
  @ApiProperty({ enum: ['open', 'referred', 'closed'] })
  state!: 'open' | 'referred' | 'closed';
  @ApiProperty({ type: RecommendationDto, nullable: true })
  recommendation!: RecommendationDto | null;
  @ApiProperty({ type: SeriesBlockDto, isArray: true })
  blocks!: SeriesBlockDto[];
  @ApiProperty({ type: ReferralDto, isArray: true })
  referrals!: ReferralDto[];
  @ApiProperty({ type: String, nullable: true, example: 'G90.522' })
  icd10!: string | null;
  @ApiProperty()
  rehabilitationProgramme!: boolean;
  @ApiProperty({ description: 'The clinical policy the series is judged by' })
  policyVersion!: string;
  @ApiInstant()
  openedAt!: string;
  @ApiProperty({ type: String, nullable: true })
  closedReason!: string | null;
  @ApiInstant({ nullable: true })
  closedAt!: string | null;
  @ApiProperty({
    type: CapOverrideDto,
    isArray: true,
    description: 'Payer caps lifted, oldest first',
  })
  capOverrides!: CapOverrideDto[];
}
