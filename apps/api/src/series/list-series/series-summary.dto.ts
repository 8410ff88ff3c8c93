import { ApiProperty } from '@nestjs/swagger';
import {
  APPOINTMENT_STATUSES,
  INDICATIONS,
  INTENTS,
  SIDES,
  type Indication,
  type Intent,
  type Side,
} from '@app/domain';
import type { SeriesSummary } from '@app/read-models';
import { ApiInstant } from '../../docs/api-instant.decorator';
import { RecommendationDto } from '../recommendation.dto';

export class LastBlockDto {
  @ApiProperty({ format: 'uuid' })
  appointmentId!: string;
  @ApiProperty({ example: 2 })
  number!: number;
  @ApiInstant()
  start!: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES })
  status!: string;
}

/** One line of the worklist (GET /series) and of a patient's series (GET /patients/:id). */
export class SeriesSummaryDto implements SeriesSummary {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Ada Lovelace',
    description: "null when the patient's registration is not in the view yet",
  })
  patientName!: string | null;
  @ApiProperty({ enum: INDICATIONS })
  indication!: Indication;
  @ApiProperty({ enum: SIDES })
  side!: Side;
  @ApiProperty({ enum: INTENTS })
  intent!: Intent;
  @ApiProperty({ type: String, nullable: true, example: 'G90.522' })
  icd10!: string | null;
  @ApiProperty({ enum: ['open', 'referred', 'closed'] })
  state!: 'open' | 'referred' | 'closed';
  @ApiProperty({ type: RecommendationDto, nullable: true })
  recommendation!: RecommendationDto | null;
  @ApiProperty({ example: 2 })
  blocksDone!: number;
  @ApiProperty({ type: LastBlockDto, nullable: true })
  lastBlock!: LastBlockDto | null;
  @ApiInstant()
  openedAt!: string;
  @ApiInstant({ description: 'When the series last changed' })
  updatedAt!: string;
}
