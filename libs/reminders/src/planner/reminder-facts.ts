import {
  earliestNextBlockDate,
  evolveTreatmentSeries,
  initialTreatmentSeriesState,
  isDone,
  recommendNextStep,
  type Appointment,
  type ClinicalPolicy,
  type PatientEvent,
  type RecommendationAction,
  type ReminderChannel,
  type TreatmentSeriesEvent,
  type TreatmentSeriesState,
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
 * What the planner needs, folded from a series' and a patient's events. The series is folded by
 * the domain's own evolve, and every clinical question (is another block due, from when, under
 * which policy) is asked of the domain (docs/clinical-rules.md); this file only keeps what is
 * about messages: when each appointment was scheduled, since when the next block is due, and the
 * patient's zone, addresses and opt-outs.
 */

/** An event as read from the store; `recordedAt` dates facts whose data carries no instant. */
export interface ReminderSourceEvent {
  type: string;
  data: unknown;
  metadata?: { recordedAt?: string };
}

/** The recommendations a patient is reminded to book a block for (the first block is booked at the desk). */
export const BOOK_NEXT_BLOCK_ACTIONS: readonly RecommendationAction[] = [
  'repeat-block',
  'continue-series',
];

export interface SeriesReminderState {
  /** The series as the domain folds it (evolveTreatmentSeries): ask the domain about it. */
  domain: TreatmentSeriesState;
  seriesId: string | null;
  patientId: string | null;
  /** The policy the series was opened under (keys added since then filled by the domain). */
  policy: ClinicalPolicy | null;
  /** In booking order. */
  appointments: ReminderAppointment[];
  /**
   * The block after which the domain recommends another one (repeat-block, continue-series) and
   * none is booked; `earliestDate` is the domain's earliestNextBlockDate; `since` is when that
   * became so, stable while it stays so (the reminder keeps its instant).
   */
  nextBlockDue: { afterAppointmentId: string; earliestDate: string; since: string } | null;
}

export function initialSeriesReminderState(): SeriesReminderState {
  return {
    domain: initialTreatmentSeriesState(),
    seriesId: null,
    patientId: null,
    policy: null,
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

/** The planner's view of a domain block; `scheduledAt` is when its current start was set. */
function reminderAppointmentOf(block: Appointment, scheduledAt: string): ReminderAppointment {
  const done = isDone(block);
  const discharged = block.status === 'discharged';
  return {
    appointmentId: block.appointmentId,
    seriesId: block.seriesId,
    status: block.status,
    start: block.start,
    end: block.end,
    clinicDate: block.clinicDate,
    sedation: block.sedation,
    anticoagulant: block.anticoagulant,
    scheduledAt,
    performedAt: done ? block.procedure.performedAt : null,
    dischargedAt: discharged ? block.discharge.dischargedAt : null,
    disposition: discharged ? block.discharge.disposition : null,
  };
}

/** The appointments after an event: only the block the event changed is looked at again. */
function appointmentsAfter(
  appointments: ReminderAppointment[],
  before: TreatmentSeriesState,
  after: TreatmentSeriesState,
  event: TreatmentSeriesEvent,
): ReminderAppointment[] {
  const appointmentId = (event.data as { appointmentId?: string }).appointmentId;
  if (appointmentId === undefined || after.status === 'not-opened') return appointments;
  const block = after.blocks.find((b) => b.appointmentId === appointmentId);
  const previous =
    before.status === 'not-opened'
      ? undefined
      : before.blocks.find((b) => b.appointmentId === appointmentId);
  if (block === undefined || block === previous) return appointments; // the domain ignored it
  const index = appointments.findIndex((a) => a.appointmentId === appointmentId);
  const scheduledAt =
    event.type === 'BlockRescheduled'
      ? event.data.rescheduledAt
      : index === -1
        ? block.bookedAt
        : appointments[index].scheduledAt;
  const next = reminderAppointmentOf(block, scheduledAt);
  if (index === -1) return [...appointments, next];
  const copy = appointments.slice();
  copy[index] = next;
  return copy;
}

/** The block after which the domain wants the patient to book another, and from which date. */
function nextBlockWanted(
  series: TreatmentSeriesState,
): { afterAppointmentId: string; earliestDate: string; performedAt: string } | null {
  const recommendation = recommendNextStep(series);
  if (recommendation === null || !BOOK_NEXT_BLOCK_ACTIONS.includes(recommendation.action)) {
    return null;
  }
  if (series.status === 'not-opened') return null;
  // repeat-block and continue-series are about the last block done (recommendNextStep).
  const done = series.blocks.filter(isDone);
  const last = done[done.length - 1];
  const earliestDate = earliestNextBlockDate(series);
  if (last === undefined || earliestDate === null) return null;
  return {
    afterAppointmentId: last.appointmentId,
    earliestDate,
    performedAt: last.procedure.performedAt,
  };
}

export function evolveSeriesReminderState(
  state: SeriesReminderState,
  raw: ReminderSourceEvent,
): SeriesReminderState {
  const event = raw as unknown as TreatmentSeriesEvent;
  const domain = evolveTreatmentSeries(state.domain, event);
  if (domain === state.domain) return state;
  const opened = domain.status === 'not-opened' ? null : domain;
  const wanted = nextBlockWanted(domain);
  let nextBlockDue: SeriesReminderState['nextBlockDue'] = null;
  if (wanted) {
    const same =
      state.nextBlockDue?.afterAppointmentId === wanted.afterAppointmentId &&
      state.nextBlockDue.earliestDate === wanted.earliestDate;
    nextBlockDue = same
      ? state.nextBlockDue
      : {
          afterAppointmentId: wanted.afterAppointmentId,
          earliestDate: wanted.earliestDate,
          since: instantOf(raw, wanted.performedAt) as string,
        };
  }
  return {
    domain,
    seriesId: opened?.seriesId ?? null,
    patientId: opened?.patientId ?? null,
    policy: opened?.policy ?? null,
    appointments: appointmentsAfter(state.appointments, state.domain, domain, event),
    nextBlockDue,
  };
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
