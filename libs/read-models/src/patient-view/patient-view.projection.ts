import type { PatientRegistered, ReminderPreferenceChanged } from '@app/domain';
import type { StoredEvent } from '@app/event-store';
import { DeferredWrites } from '../database/deferred-writes';
import type {
  ProjectionDefinition,
  ProjectionTarget,
  ProjectionWriter,
} from '../projection/projection';

/**
 * The patient view (GET /patients/:id): registration and reminder opt-outs. The patient's series
 * are read from the series view by the query (patient_id is indexed there), so the series fold
 * and the recommendation are computed in one place only.
 */
export const PATIENT_VIEW = 'patient_view';

export interface PatientRow {
  patient_id: string;
  mrn: string;
  given_name: string;
  family_name: string;
  birth_date: string;
  phone: string | null;
  email: string | null;
  time_zone: string | null;
  sms_opted_out: number;
  email_opted_out: number;
  registered_at: string;
}

export const patientViewProjection: ProjectionDefinition = {
  name: 'patient-view',
  version: 1,
  eventTypes: new Set(['PatientRegistered', 'ReminderPreferenceChanged']),
  ddl: (t) => [
    `CREATE TABLE ${t(PATIENT_VIEW)} (
       patient_id      TEXT PRIMARY KEY,
       mrn             TEXT NOT NULL,
       given_name      TEXT NOT NULL,
       family_name     TEXT NOT NULL,
       birth_date      TEXT NOT NULL,
       phone           TEXT,
       email           TEXT,
       time_zone       TEXT,
       sms_opted_out   INTEGER NOT NULL DEFAULT 0,
       email_opted_out INTEGER NOT NULL DEFAULT 0,
       registered_at   TEXT NOT NULL
     )`,
    `CREATE INDEX ${t('patient_view_by_mrn')} ON ${t(PATIENT_VIEW)} (mrn)`,
  ],
  writer: (target) => new PatientViewWriter(target),
};

class PatientViewWriter implements ProjectionWriter {
  private readonly writes = new DeferredWrites();
  private readonly register;
  private readonly optOut;

  constructor({ db, t }: ProjectionTarget) {
    // A repeated registration of the same patient (never written by the decider) keeps opt-outs.
    this.register = db.prepare(
      `INSERT INTO ${t(PATIENT_VIEW)} (patient_id, mrn, given_name, family_name, birth_date, phone,
         email, time_zone, registered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (patient_id) DO UPDATE SET mrn = excluded.mrn, given_name = excluded.given_name,
         family_name = excluded.family_name, birth_date = excluded.birth_date,
         phone = excluded.phone, email = excluded.email, time_zone = excluded.time_zone,
         registered_at = excluded.registered_at`,
    );
    this.optOut = {
      sms: db.prepare(`UPDATE ${t(PATIENT_VIEW)} SET sms_opted_out = ? WHERE patient_id = ?`),
      email: db.prepare(`UPDATE ${t(PATIENT_VIEW)} SET email_opted_out = ? WHERE patient_id = ?`),
    };
  }

  apply(event: StoredEvent): void {
    if (event.type === 'PatientRegistered') {
      const d = (event as unknown as PatientRegistered).data;
      this.writes.run(
        this.register,
        d.patientId,
        d.mrn,
        d.givenName,
        d.familyName,
        d.birthDate,
        d.phone,
        d.email,
        d.timeZone,
        d.registeredAt,
      );
    } else if (event.type === 'ReminderPreferenceChanged') {
      const d = (event as unknown as ReminderPreferenceChanged).data;
      const statement = d.channel === 'email' ? this.optOut.email : this.optOut.sms;
      this.writes.run(statement, d.optedOut ? 1 : 0, d.patientId);
    }
  }

  flush(): void {
    this.writes.flush();
  }

  discard(): void {
    this.writes.discard();
  }
}
