import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CloseSeriesRequestDto {
  @ApiProperty({ example: 'Pain resolved after three blocks', maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class SeriesStateResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'closed' })
  state!: string;
}
