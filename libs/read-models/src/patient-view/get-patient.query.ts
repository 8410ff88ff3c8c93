import { Query } from '@nestjs/cqrs';
import type { SeriesSummary } from '../series-view/list-series.query';

export interface PatientView {
  id: string;
  mrn: string;
  givenName: string;
  familyName: string;
  birthDate: string;
  phone: string | null;
  email: string | null;
  /** IANA zone for the patient's reminders; null: the clinic's. */
  timeZone: string | null;
  reminderOptOuts: { sms: boolean; email: boolean };
  registeredAt: string;
  /** The patient's treatment series, oldest first, with state and recommendation. */
  series: SeriesSummary[];
}

/** The patient and their series; throws PatientNotFoundError (404) for an unknown id. */
export class GetPatientQuery extends Query<PatientView> {
  constructor(readonly patientId: string) {
    super();
  }
}
