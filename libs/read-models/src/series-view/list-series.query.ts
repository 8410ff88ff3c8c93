import { Query } from '@nestjs/cqrs';
import type { Indication, Intent, Recommendation, RecommendationAction, Side } from '@app/domain';

export interface SeriesSummary {
  id: string;
  patientId: string;
  /** "Given Family", or null when the patient's registration is not in the view. */
  patientName: string | null;
  indication: Indication;
  side: Side;
  intent: Intent;
  icd10: string | null;
  state: 'open' | 'referred' | 'closed';
  recommendation: Recommendation | null;
  blocksDone: number;
  lastBlock: { appointmentId: string; number: number; start: string; status: string } | null;
  openedAt: string;
  /** When the series last changed (the store's recordedAt of its last event). */
  updatedAt: string;
}

export const LIST_SERIES_DEFAULT_LIMIT = 200;
export const LIST_SERIES_MAX_LIMIT = 1000;

export interface ListSeriesFilter {
  /**
   * Only series whose recommendation is this action, or one of these (validated by the controller):
   * the front desk's list is book-block, repeat-block and continue-series.
   */
  action?: RecommendationAction | RecommendationAction[];
  patientId?: string;
  /** Only series whose latest block was with this physician (who the series is waiting on). */
  physicianId?: string;
  /** Default 200, at most 1000. */
  limit?: number;
  offset?: number;
}

/**
 * The worklist: series by recommendation action, patient and/or physician, the longest waiting first (oldest
 * last change), then by id. A physician asks for physician-review, refer-rfa, stop-series; the
 * front desk for book-block, repeat-block, continue-series.
 */
export class ListSeriesQuery extends Query<SeriesSummary[]> {
  constructor(readonly filter: ListSeriesFilter = {}) {
    super();
  }
}
