import { ApiProperty, IntersectionType, OmitType } from '@nestjs/swagger';
import { RecommendationDto } from '../../series/recommendation.dto';
import { AppointmentStepResponseDto } from '../appointment-step.response.dto';
import { BlockOutcomeDto } from '../get-appointment/appointment-view.dto';

/** The block as judged under the series' policy (its outcome's fields), and the series' recommendation now. */
export class BlockOutcomeResponseDto extends IntersectionType(
  AppointmentStepResponseDto,
  OmitType(BlockOutcomeDto, ['policyVersion'] as const),
) {
  @ApiProperty({
    type: RecommendationDto,
    nullable: true,
    description: "The series' recommendation now (GET /series/:id)",
  })
  recommendation!: RecommendationDto | null;
}
