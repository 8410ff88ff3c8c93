import { streams, type ReminderEvent } from '@app/domain';
import {
  evolveAppointmentReminders,
  initialAppointmentRemindersState,
  type AppointmentRemindersState,
} from '@app/domain';
import type { EventStore, ExpectedRevision } from '@app/event-store';
import {
  evolvePatientReminderState,
  evolveSeriesReminderState,
  initialPatientReminderState,
  initialSeriesReminderState,
  type PatientReminderState,
  type SeriesReminderState,
} from '../planner/reminder-facts';
import { readFolded, type StreamFold } from './folded-stream-cache';

const SERIES_FOLD: StreamFold<SeriesReminderState> = {
  initial: initialSeriesReminderState,
  evolve: evolveSeriesReminderState,
};
const PATIENT_FOLD: StreamFold<PatientReminderState> = {
  initial: initialPatientReminderState,
  evolve: evolvePatientReminderState,
};

/** Everything a reminder decision needs, read fresh from the event log (the only truth). */
export interface ReminderContext {
  series: SeriesReminderState;
  patient: PatientReminderState;
  reminders: AppointmentRemindersState;
  /** Expected revision for the next append to the AppointmentReminders stream. */
  remindersRevision: ExpectedRevision;
}

export async function readSeriesAndPatient(
  store: EventStore,
  seriesId: string,
): Promise<{ series: SeriesReminderState; patient: PatientReminderState }> {
  const series = await readFolded(store, streams.treatmentSeries(seriesId), SERIES_FOLD);
  const patient = series.patientId
    ? await readFolded(store, streams.patient(series.patientId), PATIENT_FOLD)
    : initialPatientReminderState();
  return { series, patient };
}

export async function readReminderContext(
  store: EventStore,
  seriesId: string,
  appointmentId: string,
): Promise<ReminderContext> {
  const [{ series, patient }, events] = await Promise.all([
    readSeriesAndPatient(store, seriesId),
    store.readStream(streams.appointmentReminders(appointmentId)),
  ]);
  const reminders = events.reduce(
    (state, event) => evolveAppointmentReminders(state, event as unknown as ReminderEvent),
    initialAppointmentRemindersState(),
  );
  const last = events.at(-1);
  return { series, patient, reminders, remindersRevision: last ? last.revision : 'no-stream' };
}
