import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

/** The payer limits a physician may lift for one series (docs/clinical-rules.md). */
export const OVERRIDABLE_CAPS = ['initial-series', 'yearly'] as const;
export type OverridableCap = (typeof OVERRIDABLE_CAPS)[number];

export class GrantCapOverrideRequestDto {
  @ApiProperty({ enum: OVERRIDABLE_CAPS, description: 'Which payer limit to lift for this series' })
  @IsIn(OVERRIDABLE_CAPS, { message: `cap must be one of ${OVERRIDABLE_CAPS.join(', ')}` })
  cap!: OverridableCap;

  @ApiProperty({ example: 'Enrolled in a functional restoration programme', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class CapOverrideResponseDto {
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;
  @ApiProperty({ enum: OVERRIDABLE_CAPS })
  cap!: OverridableCap;
  @ApiProperty()
  reason!: string;
}
