import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_CLINICAL_POLICY,
  streams,
  type Anticoagulant,
  type ClinicalPolicy,
  type Intent,
  type ReminderChannel,
} from '@app/domain';
import { SqliteEventStore, type EventStore } from '@app/event-store';

/**
 * Test-only: writes a series' and a patient's events straight to the store, as the api would
 * (no HTTP). Not exported from the library's index.
 */
export class ReminderScenario {
  constructor(readonly store: EventStore) {}

  private async write(stream: string, type: string, data: unknown) {
    return this.store.append(
      stream,
      [{ id: randomUUID(), type, data, metadata: { actor: { id: 'test', role: 'system' } } }],
      { expectedRevision: 'any' },
    );
  }

  registerPatient(
    patientId: string,
    contact: { phone?: string | null; email?: string | null; timeZone?: string | null } = {},
  ) {
    return this.write(streams.patient(patientId), 'PatientRegistered', {
      patientId,
      mrn: `MRN-${patientId}`,
      givenName: 'Test',
      familyName: 'Patient',
      birthDate: '1970-01-01',
      phone: contact.phone === undefined ? '+15550100' : contact.phone,
      email: contact.email === undefined ? null : contact.email,
      timeZone: contact.timeZone ?? null,
      registeredAt: '2027-01-01T09:00:00-05:00',
    });
  }

  optOut(patientId: string, channel: ReminderChannel, optedOut = true) {
    return this.write(streams.patient(patientId), 'ReminderPreferenceChanged', {
      patientId,
      channel,
      optedOut,
      changedAt: '2027-02-02T09:00:00-05:00',
    });
  }

  openSeries(
    seriesId: string,
    patientId: string,
    intent: Intent = 'therapeutic',
    policy: ClinicalPolicy = DEFAULT_CLINICAL_POLICY,
  ) {
    return this.write(streams.treatmentSeries(seriesId), 'SeriesOpened', {
      seriesId,
      patientId,
      indication: 'crps-1',
      icd10: null,
      side: 'left',
      intent,
      rehabilitationProgramme: false,
      policy,
      openedAt: '2027-01-15T09:00:00-05:00',
    });
  }

  book(
    seriesId: string,
    appointmentId: string,
    start: string,
    options: { sedation?: boolean; anticoagulant?: Anticoagulant | null; bookedAt?: string } = {},
  ) {
    return this.write(streams.treatmentSeries(seriesId), 'BlockBooked', {
      seriesId,
      appointmentId,
      blockNumber: 1,
      physicianId: 'dr-1',
      roomId: 'room-1',
      start,
      end: new Date(Date.parse(start) + 3_600_000).toISOString(),
      clinicDate: start.slice(0, 10),
      sedation: options.sedation ?? true,
      anticoagulant: options.anticoagulant ?? null,
      bookedAt: options.bookedAt ?? '2027-02-01T10:00:00-05:00',
    });
  }

  reschedule(
    seriesId: string,
    appointmentId: string,
    start: string,
    previousStart: string,
    rescheduledAt = '2027-02-10T10:00:00-05:00',
  ) {
    return this.write(streams.treatmentSeries(seriesId), 'BlockRescheduled', {
      seriesId,
      appointmentId,
      physicianId: 'dr-1',
      roomId: 'room-1',
      start,
      end: new Date(Date.parse(start) + 3_600_000).toISOString(),
      clinicDate: start.slice(0, 10),
      previousStart,
      previousClinicDate: previousStart.slice(0, 10),
      rescheduledAt,
    });
  }

  cancel(seriesId: string, appointmentId: string, cancelledAt = '2027-02-11T10:00:00-05:00') {
    return this.write(streams.treatmentSeries(seriesId), 'BlockCancelled', {
      seriesId,
      appointmentId,
      reason: 'patient request',
      cancelledAt,
    });
  }

  /** A patient, a series and one sedated block; returns the ids. */
  async bookedBlock(
    start: string,
    options: {
      bookedAt?: string;
      anticoagulant?: Anticoagulant | null;
      timeZone?: string | null;
      sedation?: boolean;
      policy?: ClinicalPolicy;
    } = {},
  ) {
    const patientId = `p-${randomUUID()}`;
    const seriesId = `s-${randomUUID()}`;
    const appointmentId = `a-${randomUUID()}`;
    await this.registerPatient(patientId, { timeZone: options.timeZone ?? null });
    await this.openSeries(seriesId, patientId, 'therapeutic', options.policy);
    await this.book(seriesId, appointmentId, start, options);
    return { patientId, seriesId, appointmentId };
  }
}

/** A fresh SQLite event store in a temp dir, and a cleanup. */
export function tempEventStore(): {
  store: SqliteEventStore;
  dir: string;
  cleanup: () => Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'reminders-test-'));
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
  return {
    store,
    dir,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
