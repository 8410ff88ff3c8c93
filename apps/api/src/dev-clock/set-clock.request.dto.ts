import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, ValidateIf } from 'class-validator';
import { ApiInstant } from '../docs/api-instant.decorator';
import { IsInstantWithOffset } from '../http/validators';

export class SetClockRequestDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2027-03-02T08:00:00-05:00',
    description: 'The instant the server should treat as now; null returns to real time.',
  })
  @IsDefined({ message: 'now is required (an ISO 8601 instant with an offset, or null)' })
  @ValidateIf((_, value) => value !== null)
  @IsInstantWithOffset()
  now!: string | null;
}

export class ClockResponseDto {
  @ApiInstant({ example: '2027-03-02T13:00:00.000Z', description: "The server's now (UTC)" })
  now!: string;
  @ApiProperty({ description: 'false: the real clock' })
  adjusted!: boolean;
}
