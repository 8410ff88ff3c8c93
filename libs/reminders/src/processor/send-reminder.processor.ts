import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  anticoagulantHold,
  decideAppointmentReminders,
  followUpChecks,
  reminderOccurrence,
  streams,
  type ClinicalPolicy,
  type ReminderCommand,
  type ReminderSkipped,
} from '@app/domain';
import {
  eventIdFor,
  WrongExpectedRevisionError,
  type EventStore,
  type ExpectedRevision,
} from '@app/event-store';
import { Logger } from '@nestjs/common';
import { reminderMessage } from '../messages/reminder-message';
import { NotifierPermanentError, NotifierTransientError } from '../notifier/notifier.errors';
import type { ReminderNotifier } from '../notifier/reminder-notifier.port';
import { isInQuietHours, nextAllowedInstant } from '../planner/quiet-hours';
import {
  planSeriesReminders,
  reminderPatientOf,
  seriesOutlookFor,
} from '../planner/reminder-facts';
import {
  PAIN_CHECK_KINDS,
  reminderChannel,
  reminderIdempotencyKey,
  reminderZone,
  type PlannedReminder,
  type ReminderClinic,
} from '../planner/reminder.planner';
import type { ReminderTiming } from '../planner/reminder-timing';
import type { ReminderJobData, ReminderQueue } from '../queue/reminder-queue.port';
import { readReminderContext, type ReminderContext } from './reminder-context';

export interface SendReminderProcessorOptions {
  clinic: ReminderClinic & { phone?: string | null };
  /** For a series that recorded no policy. */
  defaultPolicy: ClinicalPolicy;
  timing?: ReminderTiming;
  clock?: () => Date;
  /**
   * A claim younger than this without a result belongs to a worker that is still sending: back off
   * instead of sending alongside it. Keep it below the worker's lock duration. Default 15 s.
   */
  claimTimeoutMs?: number;
  /** A reminder at most this late may still go out in quiet hours (a worker a few seconds behind). Default 15 min. */
  lateGraceMs?: number;
}

export interface SendReminderJob {
  id: string;
  data: ReminderJobData;
  /** Attempts that failed before this one. */
  attemptsMade: number;
  /** Attempts allowed in all. */
  attempts: number;
}

export type SendReminderOutcome =
  | { result: 'sent' }
  | { result: 'already-sent' }
  | { result: 'already-skipped' }
  | { result: 'skipped'; reason: ReminderSkipped['data']['reason'] }
  | { result: 'postponed'; until: number };

/** Try again later, with the queue's backoff. */
export class ReminderRetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReminderRetryError';
  }
}

/** No more attempts: recorded as a final failure and put in the dead-letter queue. */
export class ReminderFinalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReminderFinalError';
  }
}

const WORKER_ACTOR = { id: 'reminder-worker', role: 'system' };
const MAX_ROUNDS = 5;

/**
 * Sends one due reminder, exactly once to the patient:
 * 1. re-read the series, the patient and the appointment's reminders from the event log;
 * 2. already sent or skipped → done; not planned any more at this instant (cancelled, moved,
 *    opted out…) → record ReminderSkipped with the reason;
 * 3. late and inside quiet hours → postpone to their end;
 * 4. claim: append ReminderClaimed at the exact expected revision (a concurrent claim loses with a
 *    conflict and backs off);
 * 5. send with idempotency key `reminder-<appointmentId>-<kind>-<dueAt epoch ms>`;
 * 6. record ReminderSent — or ReminderFailed (transient: retry with backoff; permanent or last
 *    attempt: final, dead-letter queue).
 * A worker that dies between 4 and 6 leaves a claim without a result; the retried job claims again
 * and sends again with the SAME key, which the gateway deduplicates: at least once to the gateway,
 * exactly once to the patient. Claims also stop a redelivered job from sending while another
 * worker still is (a fresh claim: back off).
 */
export class SendReminderProcessor {
  private readonly logger = new Logger('SendReminderProcessor');
  private readonly clock: () => Date;
  private readonly claimTimeoutMs: number;
  private readonly lateGraceMs: number;

  constructor(
    private readonly store: EventStore,
    private readonly queue: ReminderQueue,
    private readonly notifier: ReminderNotifier,
    private readonly options: SendReminderProcessorOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.claimTimeoutMs = options.claimTimeoutMs ?? 15_000;
    this.lateGraceMs = options.lateGraceMs ?? 15 * 60_000;
  }

  async process(job: SendReminderJob): Promise<SendReminderOutcome> {
    const attempt = job.attemptsMade + 1;
    const last = attempt >= job.attempts;
    try {
      return await this.processOnce(job, attempt, last);
    } catch (error) {
      if (error instanceof ReminderRetryError || error instanceof ReminderFinalError) throw error;
      // The store or something unexpected failed before anything was sent: try again later.
      const reason = `could not process: ${(error as Error).name}`;
      this.logger.warn(`${job.id} attempt ${attempt}: ${(error as Error).message}`);
      if (last) {
        await this.deadLetter(job, reason, attempt);
        throw new ReminderFinalError(reason);
      }
      throw new ReminderRetryError(reason);
    }
  }

  private async processOnce(
    job: SendReminderJob,
    attempt: number,
    last: boolean,
  ): Promise<SendReminderOutcome> {
    const { appointmentId, seriesId, kind, dueAt } = job.data;
    const ref = { appointmentId, seriesId, kind, dueAt };
    const stream = streams.appointmentReminders(appointmentId);
    const key = reminderIdempotencyKey(appointmentId, kind, dueAt);

    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.clock();
      const context = await readReminderContext(this.store, seriesId, appointmentId);
      const occurrence = reminderOccurrence(context.reminders, kind, dueAt);
      if (occurrence?.status === 'sent') return { result: 'already-sent' };
      if (occurrence?.status === 'skipped') return { result: 'already-skipped' };

      const plan = this.plan(context, now).get(appointmentId) ?? [];
      const planned = plan.find((p) => p.kind === kind);
      if (!planned || Date.parse(planned.dueAt) !== Date.parse(dueAt)) {
        const reason = this.skipReason(context, appointmentId, planned);
        const skip: ReminderCommand = {
          type: 'RecordReminderSkipped',
          data: { ...ref, reason, now: now.toISOString() },
        };
        if (!(await this.append(stream, context, skip, `${key}:skipped`, job.id))) continue;
        return { result: 'skipped', reason };
      }

      const postponeUntil = this.quietHoursPostponement(context, planned, now);
      if (postponeUntil !== null) {
        if (postponeUntil >= Date.parse(planned.expiresAt)) {
          const skip: ReminderCommand = {
            type: 'RecordReminderSkipped',
            data: { ...ref, reason: 'no-longer-planned', now: now.toISOString() },
          };
          if (!(await this.append(stream, context, skip, `${key}:skipped`, job.id))) continue;
          return { result: 'skipped', reason: 'no-longer-planned' };
        }
        return { result: 'postponed', until: postponeUntil };
      }

      if (
        occurrence?.status === 'claimed' &&
        occurrence.lastClaimedAt &&
        now.getTime() - Date.parse(occurrence.lastClaimedAt) < this.claimTimeoutMs
      ) {
        throw new ReminderRetryError('another worker is sending this reminder');
      }

      const claimId = randomUUID();
      const claim: ReminderCommand = {
        type: 'ClaimReminder',
        data: { ...ref, claimId, attempt, now: now.toISOString() },
      };
      if (!(await this.append(stream, context, claim, claimId, job.id))) {
        const fresh = await readReminderContext(this.store, seriesId, appointmentId);
        const after = reminderOccurrence(fresh.reminders, kind, dueAt);
        if ((after?.claims ?? 0) > (occurrence?.claims ?? 0) || after?.status === 'sent') {
          throw new ReminderRetryError('a concurrent claim won');
        }
        continue; // another reminder of the same appointment was written: claim again
      }

      return this.send(job, context, planned, key, attempt, last, claimId);
    }
    throw new ReminderRetryError('the reminders stream kept changing');
  }

  private async send(
    job: SendReminderJob,
    context: ReminderContext,
    planned: PlannedReminder,
    key: string,
    attempt: number,
    last: boolean,
    claimId: string,
  ): Promise<SendReminderOutcome> {
    const { appointmentId, seriesId, kind, dueAt } = job.data;
    const ref = { appointmentId, seriesId, kind, dueAt };
    const stream = streams.appointmentReminders(appointmentId);
    const appointment = context.series.appointments.find((a) => a.appointmentId === appointmentId)!;
    const policy = context.series.policy ?? this.options.defaultPolicy;
    const outlook = seriesOutlookFor(context.series, appointmentId);
    const hold = appointment.anticoagulant
      ? anticoagulantHold(appointment.anticoagulant, appointment.start, policy)
      : null;
    const painCheck = PAIN_CHECK_KINDS.indexOf(kind as (typeof PAIN_CHECK_KINDS)[number]);
    const message = reminderMessage(kind, {
      clinic: this.options.clinic,
      start: appointment.start,
      anticoagulant: appointment.anticoagulant,
      hold: hold?.kind === 'hold' ? hold : null,
      followUpDay:
        painCheck === -1 ? null : followUpChecks(appointment.clinicDate, policy)[painCheck].day,
      earliestNextBlockDate: outlook.earliestNextBlockDate,
    });
    const to = context.patient.contact[planned.channel] as string;

    try {
      await this.notifier.send({
        to,
        channel: planned.channel,
        subject: message.subject,
        text: message.text,
        idempotencyKey: key,
        reminder: { appointmentId, kind },
      });
    } catch (error) {
      const permanent = error instanceof NotifierPermanentError;
      const transient = error instanceof NotifierTransientError;
      const reason =
        permanent || transient
          ? (error as Error).message
          : `notifier failed: ${(error as Error).name}`;
      const final = permanent || last;
      const failed: ReminderCommand = {
        type: 'RecordReminderFailed',
        data: { ...ref, error: reason, final, attempt, now: this.clock().toISOString() },
      };
      await this.append(stream, context, failed, `${claimId}:failed`, job.id, 'any');
      if (final) {
        await this.deadLetter(job, reason, attempt);
        throw new ReminderFinalError(reason);
      }
      throw new ReminderRetryError(reason);
    }

    const sent: ReminderCommand = {
      type: 'RecordReminderSent',
      data: {
        ...ref,
        channel: planned.channel,
        idempotencyKey: key,
        now: this.clock().toISOString(),
      },
    };
    // 'any': the claim already serialised senders; a deterministic id makes a repeated record a no-op.
    await this.append(stream, context, sent, `${key}:sent`, job.id, 'any');
    return { result: 'sent' };
  }

  private plan(context: ReminderContext, now: Date): Map<string, PlannedReminder[]> {
    return planSeriesReminders({
      series: context.series,
      patient: context.patient,
      clinic: this.options.clinic,
      defaultPolicy: this.options.defaultPolicy,
      now: now.toISOString(),
      timing: this.options.timing,
    });
  }

  private skipReason(
    context: ReminderContext,
    appointmentId: string,
    plannedElsewhen: PlannedReminder | undefined,
  ): ReminderSkipped['data']['reason'] {
    const appointment = context.series.appointments.find((a) => a.appointmentId === appointmentId);
    if (!appointment) return 'no-longer-planned';
    if (appointment.status === 'cancelled' || appointment.status === 'no-show')
      return 'appointment-cancelled';
    if (plannedElsewhen) return 'appointment-moved';
    const patient = reminderPatientOf(context.patient);
    if (patient.channels.length === 0) return 'no-contact';
    if (reminderChannel(patient) === null) return 'opted-out';
    return 'no-longer-planned';
  }

  /** A late reminder (worker or Redis was down) must not wake a patient: wait for quiet hours to end. */
  private quietHoursPostponement(
    context: ReminderContext,
    planned: PlannedReminder,
    now: Date,
  ): number | null {
    if (now.getTime() - Date.parse(planned.dueAt) <= this.lateGraceMs) return null;
    const policy = context.series.policy ?? this.options.defaultPolicy;
    const quiet = { start: policy.quietHoursStart, end: policy.quietHoursEnd };
    const zone = reminderZone(reminderPatientOf(context.patient), this.options.clinic);
    const local = DateTime.fromJSDate(now).setZone(zone);
    if (!isInQuietHours(local, quiet)) return null;
    return nextAllowedInstant(local, quiet).toMillis();
  }

  /** Decides and appends; false on a version conflict (the caller re-reads). */
  private async append(
    stream: string,
    context: ReminderContext,
    command: ReminderCommand,
    idSeed: string,
    jobId: string,
    expectedRevision: ExpectedRevision = context.remindersRevision,
  ): Promise<boolean> {
    const events = decideAppointmentReminders(command, context.reminders);
    if (events.length === 0) return true;
    try {
      await this.store.append(
        stream,
        events.map((event, index) => ({
          id: eventIdFor(idSeed, stream, index),
          type: event.type,
          data: event.data,
          metadata: { actor: WORKER_ACTOR, correlationId: jobId, causationId: jobId },
        })),
        { expectedRevision },
      );
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return false;
      throw error;
    }
  }

  private async deadLetter(job: SendReminderJob, error: string, attempts: number): Promise<void> {
    try {
      await this.queue.deadLetter({
        jobId: job.id,
        data: job.data,
        error,
        attempts,
        failedAt: this.clock().toISOString(),
      });
    } catch (dlqError) {
      // The failure is in the log (ReminderFailed final) and BullMQ keeps the failed job.
      this.logger.error(`${job.id}: could not dead-letter: ${(dlqError as Error).message}`);
    }
  }
}
