import { ApiProperty } from '@nestjs/swagger';
import { IsCalendarDate } from '../http/validators';

export class GetDayScheduleRequestDto {
  @ApiProperty({ example: '2027-03-02', description: "YYYY-MM-DD in the clinic's time zone" })
  @IsCalendarDate()
  date!: string;
}
