import { ApiProperty } from '@nestjs/swagger';
import {
  RECOMMENDATION_ACTIONS,
  type Recommendation,
  type RecommendationAction,
} from '@app/domain';

/** What the series recommends next (docs/clinical-rules.md): the action, why, and the rule's id. */
export class RecommendationDto implements Recommendation {
  @ApiProperty({ enum: RECOMMENDATION_ACTIONS })
  action!: RecommendationAction;
  @ApiProperty({
    example: 'The block did not work technically (skin temperature rose 0.8 °C); repeat it.',
  })
  reason!: string;
  @ApiProperty({ example: 'technical-failure-repeat' })
  rule!: string;
}
