import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SeriesNotFoundError } from '@app/domain';
import { ReadModelDatabase } from '../database/read-model-database';
import {
  GetSeriesHistoryQuery,
  type SeriesHistory,
  type SeriesHistoryEntry,
} from './get-series-history.query';
import { SERIES_HISTORY_CHUNKS } from './series-history.projection';

@QueryHandler(GetSeriesHistoryQuery)
export class GetSeriesHistoryHandler implements IQueryHandler<GetSeriesHistoryQuery> {
  constructor(@Inject(ReadModelDatabase) private readonly db: ReadModelDatabase) {}

  async execute({ seriesId }: GetSeriesHistoryQuery): Promise<SeriesHistory> {
    const chunks = this.db.read(({ t, all }) =>
      all<{ items: string }>(
        `SELECT items FROM ${t(SERIES_HISTORY_CHUNKS)} WHERE series_id = ? ORDER BY first_position`,
        seriesId,
      ),
    );
    const events = chunks.flatMap((chunk) => JSON.parse(chunk.items) as SeriesHistoryEntry[]);
    if (!events.some((event) => event.stream.startsWith('TreatmentSeries-'))) {
      throw new SeriesNotFoundError();
    }
    return { seriesId, events };
  }
}
