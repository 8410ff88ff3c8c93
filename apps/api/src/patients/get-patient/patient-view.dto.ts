import { ApiProperty } from '@nestjs/swagger';
import type { PatientView } from '@app/read-models';
import { ApiDate, ApiInstant } from '../../docs/api-instant.decorator';
import { SeriesSummaryDto } from '../../series/list-series/series-summary.dto';

export class ReminderOptOutsDto {
  @ApiProperty({ description: 'true: no reminders by SMS' })
  sms!: boolean;
  @ApiProperty({ description: 'true: no reminders by e-mail' })
  email!: boolean;
}

export class PatientViewDto implements PatientView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ example: 'MRN-0012345' })
  mrn!: string;
  @ApiProperty({ example: 'Ada' })
  givenName!: string;
  @ApiProperty({ example: 'Lovelace' })
  familyName!: string;
  @ApiDate({ example: '1961-07-14' })
  birthDate!: string;
  @ApiProperty({ type: String, nullable: true, example: '+15555550123' })
  phone!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ada@example.org' })
  email!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'America/New_York',
    description: "IANA zone for the patient's reminders; null: the clinic's",
  })
  timeZone!: string | null;
  @ApiProperty({ type: ReminderOptOutsDto })
  reminderOptOuts!: ReminderOptOutsDto;
  @ApiInstant()
  registeredAt!: string;
  @ApiProperty({ type: SeriesSummaryDto, isArray: true, description: 'Oldest first' })
  series!: SeriesSummaryDto[];
}
