import { ApiProperty } from '@nestjs/swagger';
import { CLASSIFICATIONS, type Classification } from '@app/domain';
import { RecommendationDto } from '../../series/recommendation.dto';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';

/** The block as judged under the series' policy, and the series' recommendation now. */
export class BlockOutcomeResponseDto extends AppointmentStepResponseDto {
  @ApiProperty()
  technicalSuccess!: boolean;
  @ApiProperty({ example: 3.6 })
  temperatureRiseC!: number;
  @ApiProperty({ type: Number, nullable: true, example: 62.5 })
  reliefPct!: number | null;
  @ApiProperty({ enum: CLASSIFICATIONS, nullable: true })
  classification!: Classification | null;
  @ApiProperty({
    type: RecommendationDto,
    nullable: true,
    description: "The series' recommendation now (GET /series/:id)",
  })
  recommendation!: RecommendationDto | null;
}
