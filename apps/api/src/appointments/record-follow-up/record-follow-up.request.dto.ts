import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

export class RecordFollowUpRequestDto {
  @ApiProperty({
    example: 7,
    minimum: 0,
    maximum: 365,
    description: 'Days after the block (the pain checks are at day 7 and 28)',
  })
  @IsInt()
  @Min(0)
  @Max(365)
  daysAfter!: number;

  @ApiProperty({ minimum: 0, maximum: 10 })
  @IsInt()
  @Min(0)
  @Max(10)
  painScore!: number;

  @ApiProperty({
    example: 36,
    minimum: 0,
    maximum: 8760,
    description: 'How long the relief lasted',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })
  @Min(0)
  @Max(8760)
  reliefLastedHours!: number;
}
