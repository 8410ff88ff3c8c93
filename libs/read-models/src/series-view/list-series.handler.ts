import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Recommendation } from '@app/domain';
import { ReadModelDatabase } from '../database/read-model-database';
import {
  LIST_SERIES_DEFAULT_LIMIT,
  LIST_SERIES_MAX_LIMIT,
  ListSeriesQuery,
  type SeriesSummary,
} from './list-series.query';
import {
  SERIES_VIEW,
  SERIES_VIEW_PATIENTS,
  type SeriesRow,
  summaryOf,
  type StoredState,
} from './series-view.projection';

type Row = Pick<
  SeriesRow,
  'series_id' | 'patient_id' | 'status' | 'recommendation' | 'state' | 'updated_at'
> & { given_name: string | null; family_name: string | null };

@QueryHandler(ListSeriesQuery)
export class ListSeriesHandler implements IQueryHandler<ListSeriesQuery> {
  constructor(@Inject(ReadModelDatabase) private readonly db: ReadModelDatabase) {}

  async execute({ filter }: ListSeriesQuery): Promise<SeriesSummary[]> {
    const limit = Math.min(
      Math.max(1, Math.trunc(filter.limit ?? LIST_SERIES_DEFAULT_LIMIT)),
      LIST_SERIES_MAX_LIMIT,
    );
    const offset = Math.max(0, Math.trunc(filter.offset ?? 0));
    const rows = this.db.read(({ t, all }) => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.action !== undefined) {
        const actions = Array.isArray(filter.action) ? filter.action : [filter.action];
        if (actions.length === 0) return [];
        where.push(`s.action IN (${actions.map(() => '?').join(', ')})`);
        params.push(...actions);
      }
      if (filter.physicianId !== undefined) {
        where.push('s.physician_id = ?');
        params.push(filter.physicianId);
      }
      if (filter.patientId !== undefined) {
        where.push('s.patient_id = ?');
        params.push(filter.patientId);
      }
      return all<Row>(
        `SELECT s.series_id, s.patient_id, s.status, s.recommendation, s.state, s.updated_at,
                p.given_name, p.family_name
         FROM ${t(SERIES_VIEW)} s LEFT JOIN ${t(SERIES_VIEW_PATIENTS)} p ON p.patient_id = s.patient_id
         ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY s.updated_at, s.series_id LIMIT ? OFFSET ?`,
        ...params,
        limit,
        offset,
      );
    });
    return rows.map(summaryOfRow);
  }
}

export function summaryOfRow(row: Row): SeriesSummary {
  const facts = summaryOf(JSON.parse(row.state) as StoredState);
  return {
    id: row.series_id,
    patientId: row.patient_id,
    patientName: row.given_name === null ? null : `${row.given_name} ${row.family_name}`,
    indication: facts.indication,
    side: facts.side,
    intent: facts.intent,
    icd10: facts.icd10,
    state: row.status as SeriesSummary['state'],
    recommendation:
      row.recommendation === null ? null : (JSON.parse(row.recommendation) as Recommendation),
    blocksDone: facts.blocksDone,
    lastBlock: facts.lastBlock,
    openedAt: facts.openedAt,
    updatedAt: row.updated_at,
  };
}
