import { DateTime, IANAZone } from 'luxon';
import type {
  Anticoagulant,
  AppointmentStatus,
  ClinicalPolicy,
  Disposition,
  FollowUpPolicy,
  ReminderChannel,
  ReminderKind,
} from '@app/domain';
import { REMINDER_CHANNELS, anticoagulantHold, followUpChecks } from '@app/domain';
import { cachedZone } from './cached-zone';
import { isInQuietHours, moveBeforeQuietHours, nextAllowedInstant } from './quiet-hours';
import { DEFAULT_REMINDER_TIMING, type ReminderTiming } from './reminder-timing';

/** The appointment as the planner needs it, folded from its series' events (reminder-facts.ts). */
export interface ReminderAppointment {
  appointmentId: string;
  seriesId: string;
  status: AppointmentStatus;
  /** ISO 8601 with the clinic's offset. */
  start: string;
  end: string;
  /** YYYY-MM-DD in the clinic's zone. */
  clinicDate: string;
  sedation: boolean;
  anticoagulant: Anticoagulant | null;
  /** When the current start was set: booked, or last rescheduled. */
  scheduledAt: string;
  performedAt: string | null;
  dischargedAt: string | null;
  disposition: Disposition | null;
}

/** What the series needs after this appointment (only meaningful for its latest performed block). */
export interface SeriesOutlook {
  /** The domain recommends repeat-block or continue-series after this block, and none is booked. */
  repeatOrNextBlockDue: boolean;
  /** A later block is booked (booked or checked in). */
  laterBlockBooked: boolean;
  /** First clinic date (YYYY-MM-DD) the next block may take place: the domain's earliestNextBlockDate. */
  earliestNextBlockDate: string | null;
  /** When the next block became due without one booked; stable while it stays so. */
  dueSince: string | null;
}

export interface ReminderPatient {
  /** IANA zone; null (or unknown to the zone database): the clinic's. */
  timeZone: string | null;
  /** Channels the patient can be reached on: phone → sms, email → email. */
  channels: ReminderChannel[];
  optedOut: ReminderChannel[];
}

export interface ReminderClinic {
  name: string;
  timeZone: string;
}

export interface PlanRemindersInput {
  appointment: ReminderAppointment;
  outlook: SeriesOutlook;
  patient: ReminderPatient;
  clinic: ReminderClinic;
  policy: Pick<ClinicalPolicy, 'quietHoursStart' | 'quietHoursEnd' | 'anticoagulantHoldHours'> &
    FollowUpPolicy;
  /** ISO 8601 instant. */
  now: string;
  timing?: ReminderTiming;
}

export interface PlannedReminder {
  appointmentId: string;
  seriesId: string;
  kind: ReminderKind;
  /**
   * When to send (ISO 8601, patient's offset). Identifies this occurrence of the reminder: it is
   * derived from events only (never from `now`), so re-planning yields the same instant and the
   * idempotency key built from it holds. When it has already passed, the reminder goes out at once.
   */
  dueAt: string;
  /** `reminder-<appointmentId>-<kind>`: BullMQ job ids must not contain ':'. */
  jobId: string;
  channel: ReminderChannel;
  /** After this instant the reminder's purpose is behind it: not sent any more. */
  expiresAt: string;
}

/** The deterministic job id of one reminder kind of one appointment. */
export function reminderJobId(appointmentId: string, kind: ReminderKind): string {
  return `reminder-${appointmentId}-${kind}`;
}

/** The key a gateway deduplicates on: one per appointment, kind and planned instant. */
export function reminderIdempotencyKey(
  appointmentId: string,
  kind: ReminderKind,
  dueAt: string,
): string {
  return `reminder-${appointmentId}-${kind}-${Date.parse(dueAt)}`;
}

/** The patient's zone when valid, else the clinic's. */
export function reminderZone(
  patient: Pick<ReminderPatient, 'timeZone'>,
  clinic: ReminderClinic,
): string {
  if (patient.timeZone && IANAZone.isValidZone(patient.timeZone)) return patient.timeZone;
  return clinic.timeZone;
}

/** sms first (time-critical, read soonest), else email; none when opted out of every channel. */
export function reminderChannel(patient: ReminderPatient): ReminderChannel | null {
  return (
    REMINDER_CHANNELS.find(
      (channel) => patient.channels.includes(channel) && !patient.optedOut.includes(channel),
    ) ?? null
  );
}

/** The pain-check reminders, for the domain's first and second follow-up check. */
export const PAIN_CHECK_KINDS = ['pain-check-day-7', 'pain-check-day-28'] as const;

interface Candidate {
  kind: ReminderKind;
  /** The rule's instant, before quiet hours. */
  nominal: DateTime;
  /** When the reminder became necessary (booking, discharge …): it cannot be due before this. */
  since: DateTime;
  expiresAt: DateTime;
}

/**
 * The reminders one appointment should have now (docs/clinical-rules.md, docs/http-api.md). Pure:
 * same input, same output. The clinical instants come from the domain; the rest is timing. In the
 * patient's zone (else the clinic's):
 * - anticoagulant-hold at the domain's anticoagulantHold().reminderAt (hold + 1 day before); only
 *   for a drug with a hold (aspirin: the physician decides, so no automatic reminder; NSAIDs: no
 *   hold). Expires at its lastDoseBy: a patient told too late is handled at check-in.
 * - pre-procedure-call 72 h before; expires when the appointment-reminder takes over (24 h before).
 * - appointment-reminder 24 h before; expires 2 h before the start.
 * - fasting-and-escort at 18:00 the evening before, sedated blocks only; expires 2 h before.
 * - post-procedure-call 24 h after a discharge home (admitted patients are in hospital care).
 * - pain-check-day-7 / -day-28 at 10:00 on the domain's followUpChecks (policy firstFollowUpDay,
 *   secondFollowUpDay); each expires when the check is overdue (its grace days have ended).
 * - book-next-block at 10:00, 2 days before the domain's earliest next-block date, while the
 *   domain recommends repeat-block or continue-series and none is booked; expires 28 days after
 *   that instant or after it became due, whichever is later.
 * Whole days are calendar days (same wall-clock time across DST). Pre-procedure kinds only while
 * the appointment is booked; cancelled and no-show appointments have none.
 * Quiet hours: an instant inside them moves EARLIER, to the last allowed minute before they began
 * (20:59 for 21:00–08:00). Never before the reminder became necessary: a reminder whose instant
 * precedes its cause (a block booked 10 h ahead) is due at the cause (the booking), or at the end
 * of quiet hours if the cause fell inside them. Dropped when that is at or after its expiry, or when
 * `now` is past the expiry. Nothing on an opted-out channel; nothing at all without a channel.
 */
export function planReminders(input: PlanRemindersInput): PlannedReminder[] {
  const { appointment, patient, clinic, policy } = input;
  const timing = input.timing ?? DEFAULT_REMINDER_TIMING;
  const channel = reminderChannel(patient);
  if (!channel) return [];
  const zone = cachedZone(reminderZone(patient, clinic));
  const quiet = { start: policy.quietHoursStart, end: policy.quietHoursEnd };
  const now = DateTime.fromISO(input.now);

  const planned: PlannedReminder[] = [];
  for (const candidate of candidates(input, zone, timing)) {
    let due = moveBeforeQuietHours(candidate.nominal, quiet);
    if (due < candidate.since) due = candidate.since;
    if (isInQuietHours(due, quiet)) due = nextAllowedInstant(due, quiet);
    if (due >= candidate.expiresAt || now >= candidate.expiresAt) continue;
    planned.push({
      appointmentId: appointment.appointmentId,
      seriesId: appointment.seriesId,
      kind: candidate.kind,
      dueAt: iso(due),
      jobId: reminderJobId(appointment.appointmentId, candidate.kind),
      channel,
      expiresAt: iso(candidate.expiresAt.setZone(zone)),
    });
  }
  return planned;
}

function iso(at: DateTime): string {
  return at.toISO({ suppressMilliseconds: true }) as string;
}

function localTime(hhmm: string): { hour: number; minute: number } {
  const [hour, minute] = hhmm.split(':').map(Number);
  return { hour, minute };
}

/** Whole days as calendar days in the zone (keeps the wall-clock time across DST), else hours. */
function shiftHours(at: DateTime, hours: number): DateTime {
  return hours % 24 === 0 ? at.plus({ days: hours / 24 }) : at.plus({ hours });
}

function onLocalDate(date: DateTime, hhmm: string): DateTime {
  return date.set({ ...localTime(hhmm), second: 0, millisecond: 0 });
}

function candidates(
  input: PlanRemindersInput,
  zone: IANAZone,
  timing: ReminderTiming,
): Candidate[] {
  const { appointment: appt, outlook, policy } = input;
  const at = (iso: string) => DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  const instant = (iso: string) => DateTime.fromMillis(Date.parse(iso), { zone });
  const localDay = (date: string) => DateTime.fromISO(date, { zone });
  const found: Candidate[] = [];

  if (appt.status === 'booked') {
    const start = at(appt.start);
    const since = at(appt.scheduledAt);
    const hold = appt.anticoagulant
      ? anticoagulantHold(appt.anticoagulant, appt.start, policy)
      : null;
    if (hold?.kind === 'hold') {
      found.push({
        kind: 'anticoagulant-hold',
        nominal: instant(hold.reminderAt),
        since,
        expiresAt: instant(hold.lastDoseBy),
      });
    }
    found.push({
      kind: 'pre-procedure-call',
      nominal: shiftHours(start, -timing.preProcedureCallHoursBefore),
      since,
      expiresAt: shiftHours(start, -timing.appointmentReminderHoursBefore),
    });
    found.push({
      kind: 'appointment-reminder',
      nominal: shiftHours(start, -timing.appointmentReminderHoursBefore),
      since,
      expiresAt: start.minus({ hours: timing.appointmentReminderLatestHoursBefore }),
    });
    if (appt.sedation) {
      found.push({
        kind: 'fasting-and-escort',
        nominal: onLocalDate(
          start.startOf('day').minus({ days: 1 }),
          timing.fastingReminderLocalTime,
        ),
        since,
        expiresAt: start.minus({ hours: timing.fastingReminderLatestHoursBefore }),
      });
    }
  }

  if ((appt.status === 'performed' || appt.status === 'discharged') && appt.performedAt) {
    const performedAt = at(appt.performedAt);
    if (appt.status === 'discharged' && appt.dischargedAt && appt.disposition === 'home') {
      const dischargedAt = at(appt.dischargedAt);
      const nominal = shiftHours(dischargedAt, timing.postProcedureCallHoursAfterDischarge);
      found.push({
        kind: 'post-procedure-call',
        nominal,
        since: dischargedAt,
        expiresAt: nominal.plus({ hours: timing.postProcedureCallValidHours }),
      });
    }
    const checks = followUpChecks(appt.clinicDate, policy);
    PAIN_CHECK_KINDS.forEach((kind, i) => {
      found.push({
        kind,
        nominal: onLocalDate(localDay(checks[i].date), timing.painCheckLocalTime),
        since: performedAt,
        // overdue from the day after: the clinic's follow-up worklist takes over
        expiresAt: localDay(checks[i].lastOnTimeDate).plus({ days: 1 }),
      });
    });
    if (
      outlook.repeatOrNextBlockDue &&
      !outlook.laterBlockBooked &&
      outlook.earliestNextBlockDate &&
      outlook.dueSince
    ) {
      const earliest = localDay(outlook.earliestNextBlockDate);
      const nominal = onLocalDate(
        earliest.minus({ days: timing.bookNextBlockLeadDays }),
        timing.bookNextBlockLocalTime,
      );
      const since = at(outlook.dueSince);
      // Due again long after its instant (the next block was booked, then cancelled): still worth it.
      const from = since > nominal ? since : nominal;
      found.push({
        kind: 'book-next-block',
        nominal,
        since,
        expiresAt: from.plus({ days: timing.bookNextBlockValidDays }),
      });
    }
  }
  return found;
}
