import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import { DISPOSITIONS, type Disposition } from '@app/domain';

export class DischargePatientRequestDto {
  @ApiProperty({ minimum: 0, maximum: 10, description: 'Modified Aldrete score' })
  @IsInt()
  @Min(0)
  @Max(10)
  aldreteScore!: number;

  @ApiProperty({
    minimum: 0,
    maximum: 10,
    description: 'Post-Anaesthetic Discharge Scoring System',
  })
  @IsInt()
  @Min(0)
  @Max(10)
  padssScore!: number;

  @ApiProperty()
  @IsBoolean()
  escortPresent!: boolean;

  @ApiProperty({ enum: DISPOSITIONS })
  @IsIn(DISPOSITIONS, { message: `disposition must be one of ${DISPOSITIONS.join(', ')}` })
  disposition!: Disposition;
}
