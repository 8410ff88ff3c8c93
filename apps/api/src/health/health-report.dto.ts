import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProjectionError, ProjectionStatus } from '@app/read-models';

export class EventStoreHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';
  @ApiPropertyOptional({ example: '1042', description: 'The head of the log (decimal string)' })
  position?: string;
  @ApiPropertyOptional({ description: 'Why it cannot be reached' })
  error?: string;
}

export class RedisHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';
  @ApiPropertyOptional({ example: 0.4 })
  latencyMs?: number;
  @ApiPropertyOptional({
    example: 'bookings still work; reminders are enqueued when Redis is back',
  })
  note?: string;
}

export class ProjectionErrorDto implements ProjectionError {
  @ApiProperty({ example: '1043', description: 'The event it could not apply (it stopped before)' })
  position!: string;
  @ApiProperty()
  message!: string;
}

export class ProjectionStatusDto implements ProjectionStatus {
  @ApiProperty({ example: 'series_view' })
  name!: string;
  @ApiProperty({
    enum: ['running', 'catching-up', 'stopped'],
    description: 'running: caught up; catching-up: events wait; stopped: an error stopped it',
  })
  status!: 'running' | 'catching-up' | 'stopped';
  @ApiProperty({ example: '1042', description: 'The last position applied (-1 before any)' })
  position!: string;
  @ApiProperty({ example: 0, description: 'Events in the log after it' })
  lagEvents!: number;
  @ApiProperty({ example: 0, description: 'Age of the oldest event not applied yet, seconds' })
  lagSeconds!: number;
  @ApiPropertyOptional({ type: ProjectionErrorDto })
  error?: ProjectionErrorDto;
}

/** GET /health: ok, degraded (Redis down or a view stopped: bookings work) or down (503). */
export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'degraded', 'down'] })
  status!: 'ok' | 'degraded' | 'down';
  @ApiProperty({ type: EventStoreHealthDto })
  eventStore!: EventStoreHealthDto;
  @ApiProperty({ type: RedisHealthDto })
  redis!: RedisHealthDto;
  @ApiProperty({ type: ProjectionStatusDto, isArray: true })
  projections!: ProjectionStatusDto[];
}

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}
