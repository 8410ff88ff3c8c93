import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { SeriesNotFoundError, isDone, type Recommendation } from '@app/domain';
import { ReadModelDatabase, type TableNames } from '../database/read-model-database';
import { GetSeriesQuery, type SeriesView } from './get-series.query';
import { SERIES_VIEW, type SeriesRow, type StoredState } from './series-view.projection';

const SELECT_SERIES = (t: TableNames) =>
  `SELECT state, policy_version, recommendation, referral_by FROM ${t(SERIES_VIEW)}
   WHERE series_id = ?`;

type SelectedRow = Pick<SeriesRow, 'state' | 'policy_version' | 'recommendation' | 'referral_by'>;

/** Views built lately, by series: a series is read far more often than it changes. */
const CACHED_VIEWS = 10_000;

@QueryHandler(GetSeriesQuery)
export class GetSeriesHandler implements IQueryHandler<GetSeriesQuery> {
  private readonly views = new Map<string, { row: SelectedRow; view: SeriesView }>();

  constructor(@Inject(ReadModelDatabase) private readonly db: ReadModelDatabase) {}

  /**
   * The series' view. While its row is unchanged the same view object is returned again (treat it
   * as immutable), so its JSON can be kept too (serialisedOnce in the api).
   */
  async execute(query: GetSeriesQuery): Promise<SeriesView> {
    const row = this.db.get<SelectedRow>(SELECT_SERIES, query.seriesId);
    if (!row) throw new SeriesNotFoundError();
    const cached = this.views.get(query.seriesId);
    if (cached && sameRow(cached.row, row)) return cached.view;
    const view = seriesViewOf(
      JSON.parse(row.state) as StoredState,
      row.policy_version,
      row.recommendation === null ? null : (JSON.parse(row.recommendation) as Recommendation),
      JSON.parse(row.referral_by) as Array<string | null>,
    );
    this.views.delete(query.seriesId);
    this.views.set(query.seriesId, { row, view });
    if (this.views.size > CACHED_VIEWS) this.views.delete(this.views.keys().next().value!);
    return view;
  }
}

function sameRow(a: SelectedRow, b: SelectedRow): boolean {
  return (
    a.state === b.state &&
    a.recommendation === b.recommendation &&
    a.referral_by === b.referral_by &&
    a.policy_version === b.policy_version
  );
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
