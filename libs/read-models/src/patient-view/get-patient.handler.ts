import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { PatientNotFoundError } from '@app/domain';
import { ReadModelDatabase } from '../database/read-model-database';
import { summaryOfRow } from '../series-view/list-series.handler';
import { SERIES_VIEW, SERIES_VIEW_PATIENTS } from '../series-view/series-view.projection';
import { GetPatientQuery, type PatientView } from './get-patient.query';
import { PATIENT_VIEW, type PatientRow } from './patient-view.projection';

/**
 * Reads the patient view and, for the patient's series, the series view (one read transaction):
 * the one query that joins two views, so the series' recommendation is never computed twice.
 */
@QueryHandler(GetPatientQuery)
export class GetPatientHandler implements IQueryHandler<GetPatientQuery> {
  constructor(@Inject(ReadModelDatabase) private readonly db: ReadModelDatabase) {}

  async execute({ patientId }: GetPatientQuery): Promise<PatientView> {
    const { patient, series } = this.db.read(({ t, get, all }) => ({
      patient: get<PatientRow>(`SELECT * FROM ${t(PATIENT_VIEW)} WHERE patient_id = ?`, patientId),
      series: all<Parameters<typeof summaryOfRow>[0]>(
        `SELECT s.series_id, s.patient_id, s.status, s.recommendation, s.state, s.updated_at,
                p.given_name, p.family_name
         FROM ${t(SERIES_VIEW)} s LEFT JOIN ${t(SERIES_VIEW_PATIENTS)} p ON p.patient_id = s.patient_id
         WHERE s.patient_id = ? ORDER BY s.opened_at, s.series_id`,
        patientId,
      ),
    }));
    if (!patient) throw new PatientNotFoundError();
    return {
      id: patient.patient_id,
      mrn: patient.mrn,
      givenName: patient.given_name,
      familyName: patient.family_name,
      birthDate: patient.birth_date,
      phone: patient.phone,
      email: patient.email,
      timeZone: patient.time_zone,
      reminderOptOuts: { sms: patient.sms_opted_out === 1, email: patient.email_opted_out === 1 },
      registeredAt: patient.registered_at,
      series: series.map(summaryOfRow),
    };
  }
}
