import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { IsInstantWithOffset } from '../../http/validators';

export class RescheduleBlockRequestDto {
  @ApiProperty({ example: '2027-03-09T09:00:00-05:00' })
  @IsInstantWithOffset()
  start!: string;

  @ApiPropertyOptional({ description: 'Another physician; default: the same' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  physicianId?: string;

  @ApiPropertyOptional({ description: 'Another fluoroscopy room; default: the same' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  roomId?: string;
}
