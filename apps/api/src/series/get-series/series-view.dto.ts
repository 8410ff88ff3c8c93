import { ApiProperty } from '@nestjs/swagger';
import {
  APPOINTMENT_STATUSES,
  CLASSIFICATIONS,
  INDICATIONS,
  INTENTS,
  REFERRAL_MODALITIES,
  SIDES,
} from '@app/domain';
import { RecommendationDto } from '../recommendation.dto';

export class SeriesBlockDto {
  @ApiProperty({ format: 'uuid' })
  appointmentId!: string;
  @ApiProperty({ example: 1 })
  number!: number;
  @ApiProperty({ example: '2027-03-02T09:00:00-05:00' })
  start!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: string;
  @ApiProperty({ type: Boolean, nullable: true })
  technicalSuccess!: boolean | null;
  @ApiProperty({ type: Number, nullable: true, example: 3.4 })
  temperatureRiseC!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 62.5 })
  reliefPct!: number | null;
  @ApiProperty({ enum: CLASSIFICATIONS, nullable: true })
  classification!: string | null;
}

export class ReferralDto {
  @ApiProperty({ enum: REFERRAL_MODALITIES })
  modality!: string;
  @ApiProperty({ example: '2027-04-01T10:00:00-04:00' })
  at!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The physician who issued it' })
  by!: string | null;
}

export class SeriesViewDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({ enum: INDICATIONS })
  indication!: string;
  @ApiProperty({ enum: SIDES })
  side!: string;
  @ApiProperty({ enum: INTENTS })
  intent!: string;
  @ApiProperty({ enum: ['open', 'referred', 'closed'] })
  state!: string;
  @ApiProperty({ type: RecommendationDto, nullable: true })
  recommendation!: RecommendationDto | null;
  @ApiProperty({ type: SeriesBlockDto, isArray: true })
  blocks!: SeriesBlockDto[];
  @ApiProperty({ type: ReferralDto, isArray: true })
  referrals!: ReferralDto[];
  @ApiProperty({ type: String, nullable: true })
  icd10!: string | null;
  @ApiProperty()
  rehabilitationProgramme!: boolean;
  @ApiProperty({ description: 'The clinical policy the series is judged by' })
  policyVersion!: string;
  @ApiProperty()
  openedAt!: string;
  @ApiProperty({ type: String, nullable: true })
  closedReason!: string | null;
  @ApiProperty({ type: String, nullable: true })
  closedAt!: string | null;
}
