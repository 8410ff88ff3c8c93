import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { REMINDER_KINDS, type ReminderKind } from '@app/domain';
import type { DeadLetter, ReminderJobData } from '@app/reminders';
import { ApiInstant } from '../docs/api-instant.decorator';

export class DeadLetterPageRequestDto {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** What the reminder job carried: ids and the planned instant, no patient data. */
export class ReminderJobDto implements ReminderJobData {
  @ApiProperty({ format: 'uuid' })
  appointmentId!: string;
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;
  @ApiProperty({ enum: REMINDER_KINDS })
  kind!: ReminderKind;
  @ApiInstant()
  dueAt!: string;
}

export class DeadLetterDto implements DeadLetter {
  @ApiProperty()
  jobId!: string;
  @ApiProperty({ type: ReminderJobDto })
  data!: ReminderJobDto;
  @ApiProperty({ example: 'gateway answered 400', description: 'Without patient data' })
  error!: string;
  @ApiProperty({ example: 5 })
  attempts!: number;
  @ApiInstant()
  failedAt!: string;
}

export class RetriedDeadLetterDto {
  @ApiProperty()
  jobId!: string;
  @ApiProperty({ enum: [true] })
  retried!: true;
}
