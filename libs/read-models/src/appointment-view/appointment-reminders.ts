import { reminderOccurrenceKey, type ReminderKind, type ReminderOccurrence } from '@app/domain';
import {
  planReminders,
  reminderPatientOf,
  seriesOutlookFor,
  type PatientReminderState,
  type PlannedReminder,
  type SeriesReminderState,
} from '@app/reminders';
import type { ClinicConfig } from '../clinic-config';
import type { AppointmentFacts } from './appointment-view.projection';

export type AppointmentReminderStatus = 'scheduled' | 'sent' | 'cancelled' | 'failed';

export interface AppointmentReminderView {
  kind: ReminderKind;
  /** The planned instant (the patient's offset). */
  dueAt: string;
  status: AppointmentReminderStatus;
}

export interface AppointmentRemindersInput {
  appointment: AppointmentFacts;
  /** The planner's facts of the appointment's series and of its patient (libs/reminders folds). */
  series: SeriesReminderState;
  patient: PatientReminderState;
  /** Recorded outcomes (the AppointmentReminders stream, folded per occurrence). */
  occurrences: ReminderOccurrence[];
  clinic: ClinicConfig;
  now: string;
}

/**
 * The reminders of one appointment as the front desk should see them: what the reminders planner
 * (libs/reminders, the same pure function the reactor and the worker use) plans for the
 * appointment's current state at `now` (scheduled), merged with what was recorded for each
 * occurrence (kind + planned instant): sent → sent; a final failure → failed; skipped → cancelled;
 * claimed or failing with retries left → still scheduled. A cancelled appointment shows what was
 * planned when it was cancelled, as cancelled (unless it had already gone out). An occurrence that
 * is no longer planned and never settled (the appointment moved, the plan changed) is cancelled.
 * Reminders that expired unplanned and unrecorded (nothing was ever tried) are not listed.
 */
export function appointmentReminders(input: AppointmentRemindersInput): AppointmentReminderView[] {
  const { appointment, clinic } = input;
  const { series } = input;
  const patient = reminderPatientOf(input.patient);
  const facts = series.appointments.find((a) => a.appointmentId === appointment.appointmentId);
  const reminderClinic = { name: clinic.calendar.clinicName, timeZone: clinic.calendar.timeZone };
  const policy = series.policy ?? clinic.policy;
  const outlook = seriesOutlookFor(series, appointment.appointmentId);

  let planned: PlannedReminder[] = [];
  let plannedStatus: AppointmentReminderStatus = 'scheduled';
  if (facts && appointment.status === 'cancelled' && appointment.cancellation) {
    planned = planReminders({
      appointment: { ...facts, status: 'booked' },
      outlook,
      patient,
      clinic: reminderClinic,
      policy,
      now: appointment.cancellation.at,
    });
    plannedStatus = 'cancelled';
  } else if (facts) {
    planned = planReminders({
      appointment: facts,
      outlook,
      patient,
      clinic: reminderClinic,
      policy,
      now: input.now,
    });
  }

  const byOccurrence = new Map<string, AppointmentReminderView>();
  for (const reminder of planned) {
    byOccurrence.set(reminderOccurrenceKey(reminder.kind, reminder.dueAt), {
      kind: reminder.kind,
      dueAt: reminder.dueAt,
      status: plannedStatus,
    });
  }
  for (const occurrence of input.occurrences) {
    const key = reminderOccurrenceKey(occurrence.kind, occurrence.dueAt);
    const recorded = recordedStatus(occurrence);
    const plannedView = byOccurrence.get(key);
    if (plannedView) {
      if (recorded !== null) plannedView.status = recorded;
    } else {
      byOccurrence.set(key, {
        kind: occurrence.kind,
        dueAt: occurrence.dueAt,
        status: recorded ?? 'cancelled',
      });
    }
  }
  return [...byOccurrence.values()].sort(
    (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.kind.localeCompare(b.kind),
  );
}

/** The settled outcome of an occurrence, or null while it is still to go out. */
function recordedStatus(occurrence: ReminderOccurrence): AppointmentReminderStatus | null {
  switch (occurrence.status) {
    case 'sent':
      return 'sent';
    case 'skipped':
      return 'cancelled';
    case 'failed':
      return occurrence.finalFailure ? 'failed' : null;
    case 'claimed':
      return null;
    default: {
      const unknown: never = occurrence.status;
      return unknown;
    }
  }
}
