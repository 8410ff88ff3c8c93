import { DateTime } from 'luxon';
import type {
  Classification,
  ClinicalPolicy,
  Intent,
  PatientEvent,
  ReminderChannel,
  TreatmentSeriesEvent,
} from '@app/domain';
import type {
  PlannedReminder,
  ReminderAppointment,
  ReminderClinic,
  ReminderPatient,
  SeriesOutlook,
} from './reminder.planner';
import { planReminders } from './reminder.planner';
import type { ReminderTiming } from './reminder-timing';

/**
 * The small state the planner needs, folded from a series' and a patient's events. Deliberately
 * independent of the domain's deciders: reminders only need dates, statuses and outcomes, and the
 * recommendation rules they mirror (CLINICAL.md) are applied conservatively — when in doubt, no
 * "book your next block" reminder (a physician reviews those series).
 */

/** An event as read from the store; `recordedAt` dates facts whose data carries no instant. */
export interface ReminderSourceEvent {
  type: string;
  data: unknown;
  metadata?: { recordedAt?: string };
}

interface AppointmentFacts extends ReminderAppointment {
  technicalSuccess: boolean | null;
  classification: Classification | null;
  /** reliefLastedHours of every follow-up recorded for this block. */
  reliefLastedHours: number[];
}

export interface SeriesReminderState {
  seriesId: string | null;
  patientId: string | null;
  intent: Intent | null;
  policy: ClinicalPolicy | null;
  rehabilitationProgramme: boolean;
  capOverrides: ReadonlyArray<'initial-series' | 'yearly'>;
  /** Closed or referred: no next block to book. */
  ended: boolean;
  /** In booking order. */
  appointments: AppointmentFacts[];
  /** The performed block after which the next block is due and none is booked, and since when. */
  nextBlockDue: { afterAppointmentId: string; earliestDate: string; since: string } | null;
}

export function initialSeriesReminderState(): SeriesReminderState {
  return {
    seriesId: null,
    patientId: null,
    intent: null,
    policy: null,
    rehabilitationProgramme: false,
    capOverrides: [],
    ended: false,
    appointments: [],
    nextBlockDue: null,
  };
}

function instantOf(event: ReminderSourceEvent, fallback: string | null): string | null {
  const data = event.data as Record<string, unknown>;
  for (const field of [
    'bookedAt',
    'rescheduledAt',
    'cancelledAt',
    'recordedAt',
    'checkedInAt',
    'performedAt',
    'dischargedAt',
    'grantedAt',
    'issuedAt',
    'closedAt',
    'openedAt',
  ]) {
    if (typeof data[field] === 'string') return data[field] as string;
  }
  return event.metadata?.recordedAt ?? fallback;
}

function updateAppointment(
  state: SeriesReminderState,
  appointmentId: string,
  change: Partial<AppointmentFacts>,
): SeriesReminderState {
  return {
    ...state,
    appointments: state.appointments.map((a) =>
      a.appointmentId === appointmentId ? { ...a, ...change } : a,
    ),
  };
}

function applySeriesEvent(
  state: SeriesReminderState,
  event: TreatmentSeriesEvent,
): SeriesReminderState {
  switch (event.type) {
    case 'SeriesOpened':
      return {
        ...state,
        seriesId: event.data.seriesId,
        patientId: event.data.patientId,
        intent: event.data.intent,
        policy: event.data.policy,
        rehabilitationProgramme: event.data.rehabilitationProgramme,
      };
    case 'BlockBooked': {
      const d = event.data;
      return {
        ...state,
        appointments: [
          ...state.appointments.filter((a) => a.appointmentId !== d.appointmentId),
          {
            appointmentId: d.appointmentId,
            seriesId: d.seriesId,
            status: 'booked',
            start: d.start,
            end: d.end,
            clinicDate: d.clinicDate,
            sedation: d.sedation,
            anticoagulant: d.anticoagulant,
            scheduledAt: d.bookedAt,
            performedAt: null,
            dischargedAt: null,
            disposition: null,
            technicalSuccess: null,
            classification: null,
            reliefLastedHours: [],
          },
        ],
      };
    }
    case 'BlockRescheduled': {
      const d = event.data;
      return updateAppointment(state, d.appointmentId, {
        start: d.start,
        end: d.end,
        clinicDate: d.clinicDate,
        scheduledAt: d.rescheduledAt,
      });
    }
    case 'BlockCancelled':
      return updateAppointment(state, event.data.appointmentId, { status: 'cancelled' });
    case 'NoShowRecorded':
      return updateAppointment(state, event.data.appointmentId, { status: 'no-show' });
    case 'PatientCheckedIn':
      return updateAppointment(state, event.data.appointmentId, { status: 'checked-in' });
    case 'BlockPerformed':
      return updateAppointment(state, event.data.appointmentId, {
        status: 'performed',
        performedAt: event.data.performedAt,
      });
    case 'BlockOutcomeRecorded':
      return updateAppointment(state, event.data.appointmentId, {
        technicalSuccess: event.data.technicalSuccess,
        classification: event.data.classification,
      });
    case 'PatientDischarged':
      return updateAppointment(state, event.data.appointmentId, {
        status: 'discharged',
        dischargedAt: event.data.dischargedAt,
        disposition: event.data.disposition,
      });
    case 'FollowUpRecorded': {
      const appt = state.appointments.find((a) => a.appointmentId === event.data.appointmentId);
      if (!appt) return state;
      return updateAppointment(state, appt.appointmentId, {
        reliefLastedHours: [...appt.reliefLastedHours, event.data.reliefLastedHours],
      });
    }
    case 'CapOverrideGranted':
      return { ...state, capOverrides: [...state.capOverrides, event.data.cap] };
    case 'ReferralIssued':
    case 'SeriesClosed':
      return { ...state, ended: true };
    default: {
      // An event type this fold does not know (a newer catalogue): it changes nothing here.
      const _unknown: never = event;
      return state;
    }
  }
}

/** The performed block after which the series wants another block now, or null (CLINICAL.md). */
function blockDueAfter(
  state: SeriesReminderState,
): { appt: AppointmentFacts; earliest: string } | null {
  const policy = state.policy;
  if (!policy || state.ended) return null;
  const performed = state.appointments
    .filter((a) => a.performedAt !== null)
    .sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const last = performed.at(-1);
  if (!last || last.technicalSuccess === null) return null;
  if (state.appointments.some((a) => a.status === 'booked' || a.status === 'checked-in'))
    return null;

  // Caps (payer limits): reaching one means physician review, not a reminder.
  const initialCapLifted =
    state.rehabilitationProgramme || state.capOverrides.includes('initial-series');
  if (!initialCapLifted && performed.length >= policy.initialSeriesMaxBlocks) return null;
  const yearAgo = DateTime.fromISO(last.start, { setZone: true }).minus({ years: 1 });
  const inYear = performed.filter((a) => DateTime.fromISO(a.start, { setZone: true }) > yearAgo);
  if (!state.capOverrides.includes('yearly') && inYear.length >= policy.yearlyMaxBlocks)
    return null;

  let due = false;
  if (!last.technicalSuccess || last.classification === 'technical-failure') {
    let failuresInARow = 0;
    for (const a of [...performed].reverse()) {
      if (a.technicalSuccess === false || a.classification === 'technical-failure')
        failuresInARow++;
      else break;
    }
    due = failuresInARow < policy.consecutiveTechnicalFailuresForReview;
  } else if (last.classification === 'positive') {
    const positives = performed.filter((a) => a.classification === 'positive');
    if (state.intent === 'prognostic') {
      due = positives.length < policy.neurolysisMinPositiveBlocks;
    } else if (state.intent === 'therapeutic') {
      // Continue only while relief lasts longer after each block.
      const previous = positives.at(-2);
      const lasted = (a: AppointmentFacts) => Math.max(...a.reliefLastedHours);
      due =
        !previous ||
        last.reliefLastedHours.length === 0 ||
        previous.reliefLastedHours.length === 0 ||
        lasted(last) > lasted(previous);
    }
    // diagnostic: one technically successful block answers the question.
  }
  if (!due) return null;
  const earliest = DateTime.fromISO(last.clinicDate, { zone: 'utc' })
    .plus({ days: policy.minIntervalDays })
    .toISODate() as string;
  return { appt: last, earliest };
}

export function evolveSeriesReminderState(
  state: SeriesReminderState,
  event: ReminderSourceEvent,
): SeriesReminderState {
  const next = applySeriesEvent(state, event as unknown as TreatmentSeriesEvent);
  const due = blockDueAfter(next);
  let nextBlockDue: SeriesReminderState['nextBlockDue'] = null;
  if (due) {
    const same =
      state.nextBlockDue?.afterAppointmentId === due.appt.appointmentId &&
      state.nextBlockDue.earliestDate === due.earliest;
    nextBlockDue = same
      ? state.nextBlockDue
      : {
          afterAppointmentId: due.appt.appointmentId,
          earliestDate: due.earliest,
          since: instantOf(event, due.appt.performedAt) as string,
        };
  }
  return { ...next, nextBlockDue };
}

export function foldSeriesReminderState(
  events: Iterable<ReminderSourceEvent>,
): SeriesReminderState {
  let state = initialSeriesReminderState();
  for (const event of events) state = evolveSeriesReminderState(state, event);
  return state;
}

export function seriesOutlookFor(state: SeriesReminderState, appointmentId: string): SeriesOutlook {
  const due = state.nextBlockDue;
  const appt = state.appointments.find((a) => a.appointmentId === appointmentId);
  const laterBlockBooked =
    !!appt &&
    state.appointments.some(
      (a) =>
        (a.status === 'booked' || a.status === 'checked-in') &&
        Date.parse(a.start) > Date.parse(appt.start),
    );
  if (!due || due.afterAppointmentId !== appointmentId) {
    return {
      repeatOrNextBlockDue: false,
      laterBlockBooked,
      earliestNextBlockDate: null,
      dueSince: null,
    };
  }
  return {
    repeatOrNextBlockDue: true,
    laterBlockBooked,
    earliestNextBlockDate: due.earliestDate,
    dueSince: due.since,
  };
}

export interface PatientReminderState {
  patientId: string | null;
  timeZone: string | null;
  /** Addresses by channel; never logged. */
  contact: Partial<Record<ReminderChannel, string>>;
  optedOut: ReminderChannel[];
}

export function initialPatientReminderState(): PatientReminderState {
  return { patientId: null, timeZone: null, contact: {}, optedOut: [] };
}

export function evolvePatientReminderState(
  state: PatientReminderState,
  raw: ReminderSourceEvent,
): PatientReminderState {
  const event = raw as unknown as PatientEvent;
  switch (event.type) {
    case 'PatientRegistered': {
      const contact: PatientReminderState['contact'] = {};
      if (event.data.phone) contact.sms = event.data.phone;
      if (event.data.email) contact.email = event.data.email;
      return { ...state, patientId: event.data.patientId, timeZone: event.data.timeZone, contact };
    }
    case 'ReminderPreferenceChanged': {
      const others = state.optedOut.filter((c) => c !== event.data.channel);
      return { ...state, optedOut: event.data.optedOut ? [...others, event.data.channel] : others };
    }
    default:
      return state;
  }
}

export function foldPatientReminderState(
  events: Iterable<ReminderSourceEvent>,
): PatientReminderState {
  let state = initialPatientReminderState();
  for (const event of events) state = evolvePatientReminderState(state, event);
  return state;
}

export function reminderPatientOf(state: PatientReminderState): ReminderPatient {
  return {
    timeZone: state.timeZone,
    channels: (Object.keys(state.contact) as ReminderChannel[]).filter((c) => !!state.contact[c]),
    optedOut: state.optedOut,
  };
}

export interface PlanFromStateInput {
  series: SeriesReminderState;
  patient: PatientReminderState;
  clinic: ReminderClinic;
  /** The clinic's current policy, for a series without a recorded one. */
  defaultPolicy: ClinicalPolicy;
  now: string;
  timing?: ReminderTiming;
}

/** The reminders every appointment of the series should have now, by appointment id. */
export function planSeriesReminders(input: PlanFromStateInput): Map<string, PlannedReminder[]> {
  const plans = new Map<string, PlannedReminder[]>();
  for (const appointment of input.series.appointments) {
    plans.set(
      appointment.appointmentId,
      planReminders({
        appointment,
        outlook: seriesOutlookFor(input.series, appointment.appointmentId),
        patient: reminderPatientOf(input.patient),
        clinic: input.clinic,
        policy: input.series.policy ?? input.defaultPolicy,
        now: input.now,
        timing: input.timing,
      }),
    );
  }
  return plans;
}
