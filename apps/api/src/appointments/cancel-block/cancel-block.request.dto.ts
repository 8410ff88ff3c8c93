import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CancelBlockRequestDto {
  @ApiProperty({ example: 'Patient has a fever (deferred)', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason!: string;
}
