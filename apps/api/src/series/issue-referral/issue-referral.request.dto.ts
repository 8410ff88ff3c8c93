import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { REFERRAL_MODALITIES, type ReferralModality } from '@app/domain';

export class IssueReferralRequestDto {
  @ApiProperty({ enum: REFERRAL_MODALITIES })
  @IsIn(REFERRAL_MODALITIES, {
    message: `modality must be one of ${REFERRAL_MODALITIES.join(', ')}`,
  })
  modality!: ReferralModality;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class ReferralResponseDto {
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;
  @ApiProperty({ enum: REFERRAL_MODALITIES })
  modality!: ReferralModality;
  @ApiProperty({ nullable: true, type: String })
  note!: string | null;
  @ApiProperty({ description: 'ISO 8601 instant' })
  at!: string;
  @ApiProperty({ description: 'The physician who issued it' })
  by!: string;
}
