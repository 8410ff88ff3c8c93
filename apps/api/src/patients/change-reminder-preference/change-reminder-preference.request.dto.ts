import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn } from 'class-validator';
import { REMINDER_CHANNELS, type ReminderChannel } from '@app/domain';

export class ChangeReminderPreferenceRequestDto {
  @ApiProperty({ enum: REMINDER_CHANNELS })
  @IsIn(REMINDER_CHANNELS, { message: `channel must be one of ${REMINDER_CHANNELS.join(', ')}` })
  channel!: ReminderChannel;

  @ApiProperty({ description: 'true: no reminders on this channel' })
  @IsBoolean()
  optedOut!: boolean;
}

export class ReminderPreferenceResponseDto {
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({ enum: REMINDER_CHANNELS })
  channel!: ReminderChannel;
  @ApiProperty()
  optedOut!: boolean;
}
