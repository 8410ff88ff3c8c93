import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { INDICATIONS, INTENTS, SIDES, type Indication, type Intent, type Side } from '@app/domain';

export class OpenSeriesRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'patientId must be a patient id (UUID)' })
  patientId!: string;

  @ApiProperty({ enum: INDICATIONS })
  @IsIn(INDICATIONS, { message: `indication must be one of ${INDICATIONS.join(', ')}` })
  indication!: Indication;

  @ApiProperty({ enum: SIDES })
  @IsIn(SIDES, { message: `side must be one of ${SIDES.join(', ')}` })
  side!: Side;

  @ApiProperty({ enum: INTENTS })
  @IsIn(INTENTS, { message: `intent must be one of ${INTENTS.join(', ')}` })
  intent!: Intent;

  @ApiPropertyOptional({ example: 'G90.522', description: 'ICD-10-CM code' })
  @IsOptional()
  @Matches(/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/, {
    message: 'icd10 must be an ICD-10-CM code, e.g. G90.522',
  })
  icd10?: string;

  @ApiPropertyOptional({
    description:
      'The patient is in a rehabilitation programme: lifts the initial-series cap (docs/clinical-rules.md).',
  })
  @IsOptional()
  @IsBoolean()
  rehabilitationProgramme?: boolean;
}
