import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  Max,
  Min,
} from 'class-validator';
import { LUMBAR_LEVELS, SIDES, type LumbarLevel, type Side } from '@app/domain';

/** Skin temperatures outside this range are a typo or a broken probe, not a foot. */
const TEMP_MIN_C = 15;
const TEMP_MAX_C = 42;

function Temperature(): PropertyDecorator {
  return (target, key) => {
    IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })(target, key);
    Min(TEMP_MIN_C)(target, key);
    Max(TEMP_MAX_C)(target, key);
  };
}

function PainScore(): PropertyDecorator {
  return (target, key) => {
    IsInt({ message: `${String(key)} must be an integer 0–10 (numeric rating scale)` })(
      target,
      key,
    );
    Min(0)(target, key);
    Max(10)(target, key);
  };
}

export class RecordProcedureRequestDto {
  @ApiProperty({ enum: LUMBAR_LEVELS, isArray: true, example: ['L2', 'L3'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsIn(LUMBAR_LEVELS, { each: true, message: `levels must be among ${LUMBAR_LEVELS.join(', ')}` })
  levels!: LumbarLevel[];

  @ApiProperty({ enum: SIDES })
  @IsIn(SIDES, { message: `side must be one of ${SIDES.join(', ')}` })
  side!: Side;

  @ApiProperty()
  @IsBoolean()
  sedationGiven!: boolean;

  @ApiProperty({ example: 29.5, description: '°C, foot on the blocked side, before the injection' })
  @Temperature()
  baselineTempC!: number;

  @ApiProperty({ example: 33.1, description: '°C, same foot, peak within the observation window' })
  @Temperature()
  peakTempC!: number;

  @ApiPropertyOptional({
    example: 29.8,
    description: '°C, the other foot (control; the other blocked foot when bilateral)',
  })
  @IsOptional()
  @Temperature()
  contralateralBaselineTempC?: number;

  @ApiPropertyOptional({ example: 30.0 })
  @IsOptional()
  @Temperature()
  contralateralPeakTempC?: number;

  @ApiProperty({ minimum: 0, maximum: 10 })
  @PainScore()
  painBefore!: number;

  @ApiProperty({ minimum: 0, maximum: 10, description: 'Pain 20–30 minutes after' })
  @PainScore()
  painAfter!: number;
}
