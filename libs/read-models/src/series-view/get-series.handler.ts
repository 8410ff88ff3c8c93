import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SeriesNotFoundError, isDone, type Recommendation } from '@app/domain';
import { ReadModelDatabase } from '../database/read-model-database';
import { GetSeriesQuery, type SeriesView } from './get-series.query';
import { SERIES_VIEW, type SeriesRow, type StoredState } from './series-view.projection';

@QueryHandler(GetSeriesQuery)
export class GetSeriesHandler implements IQueryHandler<GetSeriesQuery> {
  constructor(@Inject(ReadModelDatabase) private readonly db: ReadModelDatabase) {}

  async execute(query: GetSeriesQuery): Promise<SeriesView> {
    const row = this.db.read(({ t, get }) =>
      get<Pick<SeriesRow, 'state' | 'policy_version' | 'recommendation' | 'referral_by'>>(
        `SELECT state, policy_version, recommendation, referral_by FROM ${t(SERIES_VIEW)}
         WHERE series_id = ?`,
        query.seriesId,
      ),
    );
    if (!row) throw new SeriesNotFoundError();
    return seriesViewOf(
      JSON.parse(row.state) as StoredState,
      row.policy_version,
      row.recommendation === null ? null : (JSON.parse(row.recommendation) as Recommendation),
      JSON.parse(row.referral_by) as Array<string | null>,
    );
  }
}

export function seriesViewOf(
  state: StoredState,
  policyVersion: string,
  recommendation: Recommendation | null,
  referralBy: Array<string | null>,
): SeriesView {
  return {
    id: state.seriesId,
    patientId: state.patientId,
    indication: state.indication,
    side: state.side,
    intent: state.intent,
    state: state.status,
    recommendation,
    blocks: state.blocks.map((block) => {
      const outcome = isDone(block) ? block.outcome : null;
      return {
        appointmentId: block.appointmentId,
        number: block.blockNumber,
        start: block.start,
        status: block.status,
        technicalSuccess: outcome?.technicalSuccess ?? null,
        temperatureRiseC: outcome?.temperatureRiseC ?? null,
        reliefPct: outcome?.reliefPct ?? null,
        classification: outcome?.classification ?? null,
      };
    }),
    referrals: state.referrals.map((referral, i) => ({
      modality: referral.modality,
      at: referral.issuedAt,
      by: referralBy[i] ?? null,
    })),
    icd10: state.icd10,
    rehabilitationProgramme: state.rehabilitationProgramme,
    policyVersion,
    openedAt: state.openedAt,
    closedReason: state.status === 'closed' ? state.closeReason : null,
    closedAt: state.status === 'closed' ? state.closedAt : null,
    capOverrides: state.capOverrides.map(({ cap, reason, grantedAt }) => ({
      cap,
      reason,
      grantedAt,
    })),
  };
}
