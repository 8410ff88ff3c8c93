import { DateTime } from 'luxon';
import type { AnticoagulantHold, Anticoagulant, ReminderKind } from '@app/domain';

/**
 * What a reminder says. It names the clinic, the local date and time and what to do, and nothing
 * more: never the diagnosis, the indication or the procedure's name (an SMS is read over shoulders),
 * never the patient's name. Times are the clinic's (where the patient has to be).
 */
export interface ReminderMessageContext {
  clinic: { name: string; timeZone: string; phone?: string | null };
  /** The appointment's start (ISO 8601). */
  start: string;
  anticoagulant?: Anticoagulant | null;
  /** anticoagulant-hold: the domain's hold for this appointment (anticoagulantHold()). */
  hold?: Extract<AnticoagulantHold, { kind: 'hold' }> | null;
  /** pain-check-*: days after the visit (the policy's follow-up day). */
  followUpDay?: number | null;
  /** book-next-block: first date (YYYY-MM-DD, clinic) the next appointment may take place. */
  earliestNextBlockDate?: string | null;
}

export interface ReminderMessage {
  subject: string;
  text: string;
}

const DRUG_NAMES: Record<Anticoagulant, string> = {
  warfarin: 'warfarin',
  clopidogrel: 'clopidogrel',
  prasugrel: 'prasugrel',
  ticagrelor: 'ticagrelor',
  rivaroxaban: 'rivaroxaban',
  apixaban: 'apixaban',
  edoxaban: 'edoxaban',
  dabigatran: 'dabigatran',
  'enoxaparin-prophylactic': 'enoxaparin',
  'enoxaparin-therapeutic': 'enoxaparin',
  aspirin: 'aspirin',
};

function local(iso: string, zone: string): DateTime {
  return DateTime.fromISO(iso, { setZone: true }).setZone(zone).setLocale('en-US');
}

const dayText = (at: DateTime) => at.toFormat('cccc d LLLL yyyy');
const timeText = (at: DateTime) =>
  `${at.toFormat('HH:mm')} ${at.offsetNameShort ?? at.toFormat('ZZ')}`;

export function reminderMessage(
  kind: ReminderKind,
  context: ReminderMessageContext,
): ReminderMessage {
  const { clinic } = context;
  const start = local(context.start, clinic.timeZone);
  const when = `${dayText(start)} at ${timeText(start)}`;
  const call = clinic.phone ? `call ${clinic.name} on ${clinic.phone}` : `call ${clinic.name}`;
  const questions = `Questions? Please ${call}.`;

  switch (kind) {
    case 'anticoagulant-hold': {
      const drug = context.anticoagulant ? DRUG_NAMES[context.anticoagulant] : 'your blood thinner';
      const hours = context.hold?.holdHours ?? 0;
      const holdFrom = context.hold ? local(context.hold.lastDoseBy, clinic.timeZone) : start;
      const instruction =
        hours % 24 === 0
          ? `do not take ${drug} from ${dayText(holdFrom)} until after your appointment`
          : `take your last dose of ${drug} no later than ${timeText(holdFrom)} on ${dayText(holdFrom)}`;
      return {
        subject: `${clinic.name}: blood thinner before your appointment`,
        text:
          `${clinic.name}: your appointment is on ${when}. Unless the doctor who prescribes ` +
          `${drug} tells you otherwise, ${instruction}. Please check with that doctor before you ` +
          `stop. ${questions}`,
      };
    }
    case 'pre-procedure-call':
      return {
        subject: `${clinic.name}: your appointment on ${dayText(start)}`,
        text:
          `${clinic.name}: your appointment is on ${when}. A nurse will call you in the next day ` +
          `to go through how to prepare. If you cannot come, please ${call}.`,
      };
    case 'appointment-reminder':
      return {
        subject: `${clinic.name}: appointment tomorrow`,
        text:
          `${clinic.name}: reminder of your appointment on ${when}. Please arrive 30 minutes ` +
          `early. If you cannot come, please ${call}.`,
      };
    case 'fasting-and-escort':
      return {
        subject: `${clinic.name}: eating, drinking and a driver for your appointment`,
        text:
          `${clinic.name}: for your appointment on ${when}: no fatty food in the 8 hours before, ` +
          `a light meal up to 6 hours before, clear liquids (water, clear juice, black tea or ` +
          `coffee) up to 2 hours before, then nothing. Bring an adult who will drive you home: ` +
          `without one the procedure cannot go ahead. ${questions}`,
      };
    case 'post-procedure-call':
      return {
        subject: `${clinic.name}: how are you?`,
        text:
          `${clinic.name}: a nurse will call you today to ask how you are after your visit on ` +
          `${dayText(start)}. If you feel unwell before then, please ${call}.`,
      };
    case 'pain-check-day-7':
    case 'pain-check-day-28': {
      const days = context.followUpDay ?? (kind === 'pain-check-day-7' ? 7 : 28);
      return {
        subject: `${clinic.name}: your pain score`,
        text:
          `${clinic.name}: it is ${days} days since your visit on ${dayText(start)}. Please ` +
          `reply with your pain today from 0 (no pain) to 10 (worst pain imaginable), or ${call}.`,
      };
    }
    case 'book-next-block': {
      const from = context.earliestNextBlockDate
        ? ` It can take place from ${dayText(DateTime.fromISO(context.earliestNextBlockDate, { zone: clinic.timeZone }).setLocale('en-US'))}.`
        : '';
      return {
        subject: `${clinic.name}: please book your next appointment`,
        text: `${clinic.name}: it is time to book your next appointment.${from} Please ${call} to book it.`,
      };
    }
    default: {
      const unknown: never = kind;
      throw new Error(`no message for reminder kind ${String(unknown)}`);
    }
  }
}
