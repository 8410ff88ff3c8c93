import { ApiProperty } from '@nestjs/swagger';
import type { Availability } from '@app/read-models';
import { ApiDate } from '../docs/api-instant.decorator';

export class AvailabilityDto implements Availability {
  @ApiProperty({ example: 'dr-okafor' })
  physicianId!: string;
  @ApiProperty({ example: 'fluoro-1' })
  roomId!: string;
  @ApiDate({ example: '2027-03-01' })
  from!: string;
  @ApiDate({ example: '2027-04-25' })
  to!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    isArray: true,
    example: ['2027-03-02T08:00:00-05:00', '2027-03-02T09:00:00-05:00'],
    description:
      "Starts where both are free for a whole slot, inside opening hours, in the clinic's offset",
  })
  starts!: string[];
}
