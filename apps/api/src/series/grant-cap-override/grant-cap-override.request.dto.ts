import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

const CAPS = ['initial-series', 'yearly'] as const;

export class GrantCapOverrideRequestDto {
  @ApiProperty({ enum: CAPS, description: 'Which payer limit to lift for this series' })
  @IsIn(CAPS, { message: `cap must be one of ${CAPS.join(', ')}` })
  cap!: (typeof CAPS)[number];

  @ApiProperty({ example: 'Enrolled in a functional restoration programme', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class CapOverrideResponseDto {
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;
  @ApiProperty({ enum: CAPS })
  cap!: (typeof CAPS)[number];
  @ApiProperty()
  reason!: string;
}
