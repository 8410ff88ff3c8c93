import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SeriesNotFoundError } from '@app/domain';
import { ReadModelDatabase } from '../database/read-model-database';
import { GetSeriesHistoryQuery, type SeriesHistory } from './get-series-history.query';
import { SERIES_HISTORY, type HistoryRow } from './series-history.projection';

@QueryHandler(GetSeriesHistoryQuery)
export class GetSeriesHistoryHandler implements IQueryHandler<GetSeriesHistoryQuery> {
  constructor(@Inject(ReadModelDatabase) private readonly db: ReadModelDatabase) {}

  async execute({ seriesId }: GetSeriesHistoryQuery): Promise<SeriesHistory> {
    const rows = this.db.read(
      ({ t }) =>
        // Positions may exceed 2^53: read them as bigints.
        this.db
          .cached(
            `SELECT position, stream, revision, type, recorded_at, actor_id, actor_role, data
           FROM ${t(SERIES_HISTORY)} WHERE series_id = ? ORDER BY position`,
            true,
          )
          .all(seriesId) as HistoryRow[],
    );
    const isSeriesStream = (row: HistoryRow) => row.stream.startsWith('TreatmentSeries-');
    if (!rows.some(isSeriesStream)) throw new SeriesNotFoundError();
    return {
      seriesId,
      events: rows.map((row) => ({
        type: row.type,
        at: row.recorded_at,
        actor:
          row.actor_id === null ? null : { id: row.actor_id, role: row.actor_role ?? 'unknown' },
        stream: row.stream,
        revision: Number(row.revision),
        position: row.position.toString(),
        data: JSON.parse(row.data) as unknown,
      })),
    };
  }
}
