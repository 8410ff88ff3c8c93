import type { Decider } from '../decider';
import type { ReminderKind } from '../shared/clinical-vocabulary';
import type { ReminderCommand } from './reminder.commands';
import type { ReminderEvent } from './reminder.events';

/**
 * The reminders of one appointment, one occurrence per kind and planned instant (a moved
 * appointment plans new instants, so new occurrences). Settled (sent or skipped) occurrences stay
 * settled: every command on them decides nothing, which is what makes a redelivered job harmless.
 */
export type ReminderOccurrenceStatus = 'claimed' | 'sent' | 'failed' | 'skipped';

export interface ReminderOccurrence {
  kind: ReminderKind;
  dueAt: string;
  status: ReminderOccurrenceStatus;
  /** Claims so far (a claim without a later result means a worker stopped mid-send). */
  claims: number;
  lastClaimId: string | null;
  lastClaimedAt: string | null;
  /** The last failure was final (dead-lettered); an admin retry may still claim it again. */
  finalFailure: boolean;
}

export interface AppointmentRemindersState {
  occurrences: Readonly<Record<string, ReminderOccurrence>>;
}

/** `<kind>@<epoch ms>`: the same instant written with another offset is the same occurrence. */
export function reminderOccurrenceKey(kind: ReminderKind, dueAt: string): string {
  return `${kind}@${Date.parse(dueAt)}`;
}

export function initialAppointmentRemindersState(): AppointmentRemindersState {
  return { occurrences: {} };
}

export function reminderOccurrence(
  state: AppointmentRemindersState,
  kind: ReminderKind,
  dueAt: string,
): ReminderOccurrence | null {
  return state.occurrences[reminderOccurrenceKey(kind, dueAt)] ?? null;
}

export function isReminderSettled(occurrence: ReminderOccurrence | null): boolean {
  return occurrence?.status === 'sent' || occurrence?.status === 'skipped';
}

export function evolveAppointmentReminders(
  state: AppointmentRemindersState,
  event: ReminderEvent,
): AppointmentRemindersState {
  const key = reminderOccurrenceKey(event.data.kind, event.data.dueAt);
  const current: ReminderOccurrence = state.occurrences[key] ?? {
    kind: event.data.kind,
    dueAt: event.data.dueAt,
    status: 'claimed',
    claims: 0,
    lastClaimId: null,
    lastClaimedAt: null,
    finalFailure: false,
  };
  let next: ReminderOccurrence;
  switch (event.type) {
    case 'ReminderClaimed':
      next = {
        ...current,
        status: isReminderSettled(current) ? current.status : 'claimed',
        claims: current.claims + 1,
        lastClaimId: event.data.claimId,
        lastClaimedAt: event.data.claimedAt,
      };
      break;
    case 'ReminderSent':
      next = { ...current, status: 'sent', finalFailure: false };
      break;
    case 'ReminderFailed':
      next = isReminderSettled(current)
        ? current
        : { ...current, status: 'failed', finalFailure: event.data.final };
      break;
    case 'ReminderSkipped':
      next = current.status === 'sent' ? current : { ...current, status: 'skipped' };
      break;
    /* c8 ignore start: unreachable, the never check makes a new event type a compile error */
    default: {
      const unknown: never = event;
      return unknown;
    }
    /* c8 ignore stop */
  }
  return { occurrences: { ...state.occurrences, [key]: next } };
}

export function decideAppointmentReminders(
  command: ReminderCommand,
  state: AppointmentRemindersState,
): ReminderEvent[] {
  const { appointmentId, seriesId, kind, dueAt } = command.data;
  const ref = { appointmentId, seriesId, kind, dueAt };
  const occurrence = reminderOccurrence(state, kind, dueAt);
  if (isReminderSettled(occurrence)) return [];
  switch (command.type) {
    case 'ClaimReminder':
      return [
        {
          type: 'ReminderClaimed',
          data: {
            ...ref,
            claimId: command.data.claimId,
            attempt: command.data.attempt,
            claimedAt: command.data.now,
          },
        },
      ];
    case 'RecordReminderSent':
      return [
        {
          type: 'ReminderSent',
          data: {
            ...ref,
            channel: command.data.channel,
            idempotencyKey: command.data.idempotencyKey,
            sentAt: command.data.now,
          },
        },
      ];
    case 'RecordReminderFailed':
      return [
        {
          type: 'ReminderFailed',
          data: {
            ...ref,
            error: command.data.error,
            final: command.data.final,
            attempt: command.data.attempt,
            failedAt: command.data.now,
          },
        },
      ];
    case 'RecordReminderSkipped':
      return [
        {
          type: 'ReminderSkipped',
          data: { ...ref, reason: command.data.reason, skippedAt: command.data.now },
        },
      ];
    /* c8 ignore start: unreachable, the never check makes a new command type a compile error */
    default: {
      const unknown: never = command;
      return unknown;
    }
    /* c8 ignore stop */
  }
}

export const appointmentRemindersDecider: Decider<
  ReminderCommand,
  AppointmentRemindersState,
  ReminderEvent
> = {
  initialState: initialAppointmentRemindersState,
  evolve: evolveAppointmentReminders,
  decide: decideAppointmentReminders,
};
