/** The clinic's words, as docs/http-api.md and docs/clinical-rules.md spell them. */

export const INDICATIONS = [
  'crps-1',
  'crps-2',
  'phantom-limb',
  'postherpetic-neuralgia',
  'ischemic-limb',
  'cancer',
] as const;
export type Indication = (typeof INDICATIONS)[number];

export const SIDES = ['left', 'right', 'bilateral'] as const;
export type Side = (typeof SIDES)[number];

export const INTENTS = ['diagnostic', 'prognostic', 'therapeutic'] as const;
export type Intent = (typeof INTENTS)[number];

export const LUMBAR_LEVELS = ['L1', 'L2', 'L3', 'L4', 'L5'] as const;
export type LumbarLevel = (typeof LUMBAR_LEVELS)[number];

export const ANTICOAGULANTS = [
  'warfarin',
  'clopidogrel',
  'prasugrel',
  'ticagrelor',
  'rivaroxaban',
  'apixaban',
  'edoxaban',
  'dabigatran',
  'enoxaparin-prophylactic',
  'enoxaparin-therapeutic',
  'aspirin',
] as const;
export type Anticoagulant = (typeof ANTICOAGULANTS)[number];

export const CLASSIFICATIONS = [
  'technical-failure',
  'not-sympathetically-mediated',
  'partial',
  'positive',
] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export const REFERRAL_MODALITIES = ['radiofrequency', 'phenol', 'alcohol'] as const;
export type ReferralModality = (typeof REFERRAL_MODALITIES)[number];

export const DISPOSITIONS = ['home', 'admitted'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const RECOMMENDATION_ACTIONS = [
  'book-block',
  'repeat-block',
  'continue-series',
  'refer-rfa',
  'stop-series',
  'physician-review',
] as const;
export type RecommendationAction = (typeof RECOMMENDATION_ACTIONS)[number];

export interface Recommendation {
  action: RecommendationAction;
  /** In words a physician would write. */
  reason: string;
  /** The rule's stable name, e.g. `technical-failure-repeat`. */
  rule: string;
}

export const APPOINTMENT_STATUSES = [
  'booked',
  'checked-in',
  'performed',
  'discharged',
  'cancelled',
  'no-show',
] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const REMINDER_KINDS = [
  'anticoagulant-hold',
  'pre-procedure-call',
  'appointment-reminder',
  'fasting-and-escort',
  'post-procedure-call',
  'pain-check-day-7',
  'pain-check-day-28',
  'book-next-block',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_CHANNELS = ['sms', 'email'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];

export const RESOURCE_KINDS = ['physician', 'fluoroscopy-room'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
