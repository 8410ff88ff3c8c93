import { ApiProperty } from '@nestjs/swagger';
import type { RebuildResult, RebuildStatus } from '@app/read-models';
import { ApiInstant } from '../docs/api-instant.decorator';

export class RebuildResultDto implements RebuildResult {
  @ApiProperty({ example: 3, description: 'The generation of views swapped in' })
  generation!: number;
  @ApiProperty({ example: 120000, description: 'Events the projections applied' })
  events!: number;
  @ApiProperty({ example: '120431', description: 'The checkpoint every view was swapped in at' })
  position!: string;
  @ApiProperty({ example: 5400 })
  durationMs!: number;
  @ApiProperty({ example: 22222 })
  eventsPerSecond!: number;
}

/** POST and GET /admin/projections/rebuild: the last or running rebuild of every view. */
export class RebuildStatusDto implements RebuildStatus {
  @ApiProperty({ enum: ['idle', 'running', 'succeeded', 'failed'] })
  state!: 'idle' | 'running' | 'succeeded' | 'failed';
  @ApiInstant({ nullable: true })
  startedAt!: string | null;
  @ApiProperty({ description: 'Events applied so far (running) or in all (succeeded)' })
  events!: number;
  @ApiProperty({ example: '-1', description: 'A decimal string' })
  position!: string;
  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
  @ApiProperty({ type: RebuildResultDto, nullable: true })
  lastResult!: RebuildResultDto | null;
}
