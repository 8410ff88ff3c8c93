import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { RECOMMENDATION_ACTIONS, type RecommendationAction } from '@app/domain';
import { LIST_SERIES_MAX_LIMIT } from '@app/read-models';

export class ListSeriesRequestDto {
  @ApiPropertyOptional({
    enum: RECOMMENDATION_ACTIONS,
    description: 'Series waiting on this next step',
  })
  @IsOptional()
  @IsIn(RECOMMENDATION_ACTIONS, {
    message: `action must be one of ${RECOMMENDATION_ACTIONS.join(', ')}`,
  })
  action?: RecommendationAction;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'patientId must be a patient id (UUID)' })
  patientId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: LIST_SERIES_MAX_LIMIT, default: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(LIST_SERIES_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
