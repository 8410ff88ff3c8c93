import { Query } from '@nestjs/cqrs';
import type {
  AppointmentStatus,
  Classification,
  Indication,
  Intent,
  Recommendation,
  ReferralModality,
  Side,
} from '@app/domain';

export interface SeriesBlockView {
  appointmentId: string;
  /** The block's number in the series (a replacement of a cancelled block keeps its number). */
  number: number;
  start: string;
  status: AppointmentStatus;
  /** null until the block was performed and judged. */
  technicalSuccess: boolean | null;
  temperatureRiseC: number | null;
  reliefPct: number | null;
  classification: Classification | null;
}

/** GET /series/:id — docs/http-api.md's shape, plus icd10, policy, opening, closing and cap overrides. */
export interface SeriesView {
  id: string;
  patientId: string;
  indication: Indication;
  side: Side;
  intent: Intent;
  /** open, referred (for neurolysis) or closed. */
  state: 'open' | 'referred' | 'closed';
  recommendation: Recommendation | null;
  blocks: SeriesBlockView[];
  /** `by`: the id of the physician who issued it (null if the event carried no actor). */
  referrals: Array<{ modality: ReferralModality; at: string; by: string | null }>;
  icd10: string | null;
  rehabilitationProgramme: boolean;
  policyVersion: string;
  openedAt: string;
  closedReason: string | null;
  closedAt: string | null;
  capOverrides: Array<{ cap: 'initial-series' | 'yearly'; reason: string; grantedAt: string }>;
}

/** The series view; throws SeriesNotFoundError (404) for an unknown id. */
export class GetSeriesQuery extends Query<SeriesView> {
  constructor(readonly seriesId: string) {
    super();
  }
}
