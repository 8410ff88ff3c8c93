import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsCalendarDate } from '../http/validators';

export class GetAvailabilityRequestDto {
  @ApiProperty({ example: 'dr-okafor' })
  @IsString()
  @Length(1, 100)
  physicianId!: string;

  @ApiProperty({ example: 'fluoro-1' })
  @IsString()
  @Length(1, 100)
  roomId!: string;

  @ApiProperty({ example: '2027-03-01', description: 'First clinic date, YYYY-MM-DD' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    example: '2027-04-25',
    description: 'Last clinic date (inclusive), at most 92 days after from',
  })
  @IsCalendarDate()
  to!: string;
}
