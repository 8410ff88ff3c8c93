import {
  TREATMENT_SERIES_EVENT_TYPES,
  evolveTreatmentSeries,
  initialTreatmentSeriesState,
  isDone,
  recommendNextStep,
  type Indication,
  type Intent,
  type Side,
  type ClinicalPolicy,
  type PatientRegistered,
  type Recommendation,
  type TreatmentSeriesEvent,
  type TreatmentSeriesState,
} from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { DeferredWrites } from '../database/deferred-writes';
import { DEFAULT_CACHE_ROWS, RowCache } from '../database/row-cache';
import {
  actorOf,
  recordedAtOf,
  streamIdOf,
  type ProjectionDefinition,
  type ProjectionTarget,
  type ProjectionWriter,
} from '../projection/projection';

/**
 * The series view (GET /series/:id) and the worklist (GET /series?action=…): per series, the
 * domain's folded state (evolveTreatmentSeries: the same fold as the command side) and the
 * recommendation of the domain's one pure function, recommendNextStep, in an indexed column.
 * Referrals keep who issued them (the event's actor). Patient names, for the worklist, come from
 * PatientRegistered into this view's own small table.
 */
export const SERIES_VIEW = 'series_view';
export const SERIES_VIEW_PATIENTS = 'series_view_patients';
export const SERIES_VIEW_POLICIES = 'series_view_policies';

export interface SeriesRow {
  series_id: string;
  patient_id: string;
  status: string;
  action: string | null;
  recommendation: string | null;
  /** The folded state without its policy (the same for thousands of series: kept once, by version). */
  state: string;
  policy_version: string;
  /** The physician of the latest block (who the series is waiting on), null before any. */
  physician_id: string | null;
  referral_by: string;
  opened_at: string;
  updated_at: string;
}

/** What the worklist shows of a series without unpacking its whole state. */
export interface SeriesSummaryFacts {
  indication: Indication;
  side: Side;
  intent: Intent;
  icd10: string | null;
  openedAt: string;
  blocksDone: number;
  /** The latest block booked (any status), or null. */
  lastBlock: { appointmentId: string; number: number; start: string; status: string } | null;
}

interface SeriesEntry {
  state: TreatmentSeriesState;
  /** Actor id of each referral, in order (null when the event had none). */
  referralBy: Array<string | null>;
  /**
   * When the series last changed: the time as read back from the row, or the latest event, whose
   * metadata is parsed when the row is written (once per row and commit, not once per event).
   */
  lastChange: string | StoredEvent;
}

const SERIES_TYPES: ReadonlySet<string> = new Set(TREATMENT_SERIES_EVENT_TYPES);

export const seriesViewProjection: ProjectionDefinition = {
  name: 'series-view',
  version: 4,
  eventTypes: new Set([...TREATMENT_SERIES_EVENT_TYPES, 'PatientRegistered']),
  ddl: (t) => [
    `CREATE TABLE ${t(SERIES_VIEW)} (
       series_id      TEXT PRIMARY KEY,
       patient_id     TEXT NOT NULL,
       status         TEXT NOT NULL,
       action         TEXT,
       recommendation TEXT,
       state          TEXT NOT NULL,
       policy_version TEXT NOT NULL,
       physician_id   TEXT,
       referral_by    TEXT NOT NULL,
       opened_at      TEXT NOT NULL,
       updated_at     TEXT NOT NULL
     )`,
    `CREATE INDEX ${t('series_view_by_action')} ON ${t(SERIES_VIEW)} (action, updated_at, series_id)`,
    `CREATE INDEX ${t('series_view_by_patient')} ON ${t(SERIES_VIEW)} (patient_id, opened_at)`,
    `CREATE TABLE ${t(SERIES_VIEW_POLICIES)} (
       version TEXT PRIMARY KEY,
       policy  TEXT NOT NULL
     )`,
    `CREATE TABLE ${t(SERIES_VIEW_PATIENTS)} (
       patient_id  TEXT PRIMARY KEY,
       given_name  TEXT NOT NULL,
       family_name TEXT NOT NULL
     )`,
  ],
  writer: (target) => new SeriesViewWriter(target),
};

/** A series' state as stored: its policy is in the policies table, by version. */
export type StoredState = WithoutPolicy<Exclude<TreatmentSeriesState, { status: 'not-opened' }>>;
type WithoutPolicy<State> = State extends unknown ? Omit<State, 'policy'> : never;

class SeriesViewWriter implements ProjectionWriter {
  private readonly series: RowCache<SeriesEntry>;
  private readonly policies: RowCache<ClinicalPolicy>;
  private readonly savePatient;
  private readonly writes = new DeferredWrites();

  constructor({ db, t, cacheRows = DEFAULT_CACHE_ROWS }: ProjectionTarget) {
    const select = db.prepare<
      [string],
      Pick<SeriesRow, 'state' | 'policy_version' | 'referral_by' | 'updated_at'>
    >(
      `SELECT state, policy_version, referral_by, updated_at FROM ${t(SERIES_VIEW)} WHERE series_id = ?`,
    );
    const upsert = db.prepare(
      `INSERT INTO ${t(SERIES_VIEW)} (series_id, patient_id, status, action, recommendation, state,
         policy_version, physician_id, referral_by, opened_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (series_id) DO UPDATE SET patient_id = excluded.patient_id,
         status = excluded.status, action = excluded.action,
         recommendation = excluded.recommendation, state = excluded.state,
         policy_version = excluded.policy_version, physician_id = excluded.physician_id,
         referral_by = excluded.referral_by,
         opened_at = excluded.opened_at,
         updated_at = excluded.updated_at`,
    );
    const selectPolicy = db.prepare<[string], { policy: string }>(
      `SELECT policy FROM ${t(SERIES_VIEW_POLICIES)} WHERE version = ?`,
    );
    const savePolicy = db.prepare(
      `INSERT OR IGNORE INTO ${t(SERIES_VIEW_POLICIES)} (version, policy) VALUES (?, ?)`,
    );
    // A policy's version changes whenever any value does (ClinicalPolicy.version).
    this.policies = new RowCache<ClinicalPolicy>(
      (version) => {
        const row = selectPolicy.get(version);
        return row ? (JSON.parse(row.policy) as ClinicalPolicy) : undefined;
      },
      (version, policy) => savePolicy.run(version, JSON.stringify(policy)),
      1000,
    );
    this.series = new RowCache<SeriesEntry>(
      (seriesId) => {
        const row = select.get(seriesId);
        if (!row) return undefined;
        const state = JSON.parse(row.state) as StoredState;
        return {
          state: {
            ...state,
            policy: this.policies.get(row.policy_version)!,
          } as TreatmentSeriesState,
          referralBy: JSON.parse(row.referral_by) as Array<string | null>,
          lastChange: row.updated_at,
        };
      },
      (seriesId, entry) => {
        const { state } = entry;
        if (state.status === 'not-opened') return;
        // The time alone stays in the cache, not the whole event.
        if (typeof entry.lastChange !== 'string') entry.lastChange = recordedAtOf(entry.lastChange);
        // The recommendation once per series and transaction, not once per event.
        const recommendation: Recommendation | null = recommendNextStep(state);
        const { policy, ...withoutPolicy } = state;
        if (this.policies.get(policy.version) === undefined) {
          this.policies.set(policy.version, policy);
          this.policies.flush();
        }
        upsert.run(
          seriesId,
          state.patientId,
          state.status,
          recommendation?.action ?? null,
          recommendation ? JSON.stringify(recommendation) : null,
          JSON.stringify(withoutPolicy),
          policy.version,
          state.blocks[state.blocks.length - 1]?.physicianId ?? null,
          JSON.stringify(entry.referralBy),
          state.openedAt,
          entry.lastChange,
        );
      },
      cacheRows,
    );
    this.savePatient = db.prepare(
      `INSERT INTO ${t(SERIES_VIEW_PATIENTS)} (patient_id, given_name, family_name) VALUES (?, ?, ?)
       ON CONFLICT (patient_id) DO UPDATE SET given_name = excluded.given_name,
         family_name = excluded.family_name`,
    );
  }

  apply(event: StoredEvent): void {
    if (event.type === 'PatientRegistered') {
      const { patientId, givenName, familyName } = (event as unknown as PatientRegistered).data;
      this.writes.run(this.savePatient, patientId, givenName, familyName);
      return;
    }
    if (!SERIES_TYPES.has(event.type)) return;
    const seriesId = streamIdOf(event, 'TreatmentSeries');
    if (seriesId === null) return;
    // SeriesOpened starts a series afresh (as evolveTreatmentSeries does): no need to read it.
    const known = event.type === 'SeriesOpened' ? undefined : this.series.get(seriesId);
    const entry = known ?? {
      state: initialTreatmentSeriesState(),
      referralBy: [],
      lastChange: event,
    };
    const state = evolveTreatmentSeries(entry.state, event as unknown as TreatmentSeriesEvent);
    // Facts about a series that was never opened change nothing (as on the command side).
    if (state.status === 'not-opened') return;
    // The entry is this view's own (a rollback discards the cache): changed in place.
    entry.state = state;
    entry.lastChange = event;
    if (event.type === 'ReferralIssued') entry.referralBy.push(actorOf(event)?.id ?? null);
    this.series.set(seriesId, entry);
  }

  flush(): void {
    this.writes.flush();
    this.series.flush();
    this.policies.flush();
  }

  discard(): void {
    this.writes.discard();
    this.series.discard();
    this.policies.discard();
  }
}

export function summaryOf(state: StoredState) {
  const last = state.blocks[state.blocks.length - 1];
  const summary: SeriesSummaryFacts = {
    indication: state.indication,
    side: state.side,
    intent: state.intent,
    icd10: state.icd10,
    openedAt: state.openedAt,
    blocksDone: state.blocks.filter(isDone).length,
    lastBlock: last
      ? {
          appointmentId: last.appointmentId,
          number: last.blockNumber,
          start: last.start,
          status: last.status,
        }
      : null,
  };
  return summary;
}
