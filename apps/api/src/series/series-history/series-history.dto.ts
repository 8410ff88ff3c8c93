import { ApiProperty } from '@nestjs/swagger';
import type { SeriesHistory, SeriesHistoryEntry } from '@app/read-models';
import { ApiInstant } from '../../docs/api-instant.decorator';

export class HistoryActorDto {
  @ApiProperty({ example: 'dr-okafor' })
  id!: string;
  @ApiProperty({ example: 'physician' })
  role!: string;
}

export class SeriesHistoryEntryDto implements SeriesHistoryEntry {
  @ApiProperty({ example: 'BlockBooked', description: "The event's type" })
  type!: string;
  @ApiInstant({ description: 'When the log recorded it' })
  at!: string;
  @ApiProperty({ type: HistoryActorDto, nullable: true, description: 'null: no actor recorded' })
  actor!: HistoryActorDto | null;
  @ApiProperty({ example: 'TreatmentSeries-0b6c…' })
  stream!: string;
  @ApiProperty({ example: 3 })
  revision!: number;
  @ApiProperty({
    example: '1042',
    description: 'Position in the whole log, as a decimal string (it can exceed 2^53)',
  })
  position!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's data, as stored",
  })
  data!: unknown;
}

export class SeriesHistoryDto implements SeriesHistory {
  @ApiProperty({ format: 'uuid' })
  seriesId!: string;
  @ApiProperty({ type: SeriesHistoryEntryDto, isArray: true, description: 'In log order' })
  events!: SeriesHistoryEntryDto[];
}
