import {
  DEFAULT_CLINICAL_POLICY,
  DomainError,
  addDays,
  appointmentRemindersDecider,
  assertBlockCanBeBooked,
  clinicDayDecider,
  dateOfMillis,
  earliestNextBlockDate,
  followUpChecks,
  formatInstant,
  patientDecider,
  recommendNextStep,
  streams,
  treatmentSeriesDecider,
  wallClockToMillis,
  weekdayOf,
  type Anticoagulant,
  type AppointmentRemindersState,
  type ClinicCalendar,
  type ClinicDayCommand,
  type ClinicDayEvent,
  type ClinicDayState,
  type ClinicalPolicy,
  type Indication,
  type Intent,
  type PatientCommand,
  type PatientEvent,
  type PatientState,
  type ReminderCommand,
  type ReminderEvent,
  type ReminderKind,
  type Side,
  type TreatmentSeriesCommand,
  type TreatmentSeriesEvent,
  type TreatmentSeriesState,
} from '@app/domain';

/**
 * A generated clinic history: a busy clinic (dozens of physicians and fluoroscopy rooms) living
 * through N treatment series over a span of days, with registrations, bookings, reschedules,
 * cancellations, no-shows, abandoned bookings, check-ins, deferrals, procedures with outcomes,
 * discharges, follow-ups, reminders (claimed, sent, failed, skipped), cap overrides, referrals and
 * closures. Every event comes out of the domain's deciders (decide → evolve), so the history is
 * valid by construction; the simulation runs in clinic time, so the log is in time order.
 * Deterministic: the same options (seed) give the same events, ids included.
 */

export interface ClinicHistoryOptions {
  /** Treatment series opened over the span. */
  series: number;
  seed?: number;
  physicians?: number;
  rooms?: number;
  /** First day (YYYY-MM-DD, clinic time). Default 2025-01-06 (a Monday). */
  startDate?: string;
  /** Length of the history in days. Default 730 (two years). */
  days?: number;
  timeZone?: string;
  policy?: ClinicalPolicy;
  /**
   * Reminder events (AppointmentReminders streams): `full` (default) records what the worker does,
   * a claim and then the outcome; `outcomes` only the outcome (sent, failed, skipped); `none`.
   */
  reminders?: 'full' | 'outcomes' | 'none';
  /** Stop after this many events (the history is cut there: every prefix of a valid log is valid). */
  maxEvents?: number;
  /**
   * Share of appointments whose reminders go through the automated service (default 1); the
   * others are reminded by the staff by phone, outside the system.
   */
  reminderShare?: number;
}

export interface HistoryEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: {
    actor: { id: string; role: string };
    correlationId: string;
    causationId: string;
  };
}

/** One append to one stream, with the exact expected revision. */
export interface HistoryAppend {
  stream: string;
  expectedRevision: 'no-stream' | bigint;
  events: HistoryEvent[];
}

export interface ClinicHistory {
  calendar: ClinicCalendar;
  policy: ClinicalPolicy;
  /** The first day's start (clinic time). */
  startsAt: string;
  /** The instant the history stops (its "now"). */
  endsAt: string;
  /** The appends, in order; lazily generated (iterate once). */
  appends: Iterable<HistoryAppend>;
}

/** What writing the history needs of an event store (the EventStore port fits). */
export interface HistorySink {
  append(
    stream: string,
    events: HistoryEvent[],
    options: { expectedRevision: 'no-stream' | bigint },
  ): Promise<unknown>;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const OPEN_HOUR = 8;
const SLOTS_PER_DAY = 9; // 08:00 … 16:00, 60-minute slots

/** A calendar of `physicians` physicians and `rooms` rooms, Monday–Friday 08:00–17:00. */
export function generatedClinicCalendar(
  physicians: number,
  rooms: number,
  timeZone = 'America/New_York',
): ClinicCalendar {
  const weekday = [{ open: '08:00', close: '17:00' }];
  return {
    clinicName: 'Generated Pain Clinic',
    timeZone,
    openingHours: {
      monday: weekday,
      tuesday: weekday,
      wednesday: weekday,
      thursday: weekday,
      friday: weekday,
      saturday: [],
      sunday: [],
    },
    physicians: Array.from({ length: physicians }, (_, i) => ({
      id: `physician-${String(i + 1).padStart(2, '0')}`,
      name: `Dr. ${FAMILY_NAMES[i % FAMILY_NAMES.length]} ${String.fromCharCode(65 + (i % 26))}.`,
    })),
    rooms: Array.from({ length: rooms }, (_, i) => ({
      id: `fluoro-room-${String(i + 1).padStart(2, '0')}`,
      name: `Fluoroscopy Room ${i + 1}`,
    })),
    turnoverMinutes: 0,
  };
}

export function generateClinicHistory(options: ClinicHistoryOptions): ClinicHistory {
  const simulation = new ClinicSimulation(options);
  return {
    calendar: simulation.calendar,
    policy: simulation.policy,
    startsAt: formatInstant(simulation.startMs, simulation.calendar.timeZone),
    endsAt: formatInstant(simulation.endMs, simulation.calendar.timeZone),
    appends: { [Symbol.iterator]: () => simulation.run() },
  };
}

/**
 * Writes the appends in groups issued in the same tick (the SQLite adapter commits a group in one
 * transaction); each append keeps its exact expected revision. Resolves with the number of events.
 */
export async function writeClinicHistory(
  sink: HistorySink,
  appends: Iterable<HistoryAppend>,
  options: { appendsPerGroup?: number; onProgress?: (events: number) => void } = {},
): Promise<number> {
  const groupSize = options.appendsPerGroup ?? 500;
  let group: Array<Promise<unknown>> = [];
  let events = 0;
  for (const append of appends) {
    group.push(
      sink.append(append.stream, append.events, { expectedRevision: append.expectedRevision }),
    );
    events += append.events.length;
    if (group.length >= groupSize) {
      await Promise.all(group);
      group = [];
      options.onProgress?.(events);
    }
  }
  await Promise.all(group);
  options.onProgress?.(events);
  return events;
}

// ─── the simulation ──────────────────────────────────────────────────────────────────────────────

type Random = () => number;

function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Action {
  at: number;
  seq: number;
  run: () => void;
}

/** A binary min-heap of actions by (at, seq): the simulation's agenda. */
class Agenda {
  private readonly items: Action[] = [];

  get size(): number {
    return this.items.length;
  }

  push(action: Action): void {
    const items = this.items;
    items.push(action);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  pop(): Action | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left], items[smallest])) smallest = left;
        if (right < items.length && before(items[right], items[smallest])) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest], items[i]];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Action, b: Action): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

interface Day {
  state: ClinicDayState;
  /** `physician@slot` and `room@slot` keys already reserved. */
  busy: Set<string>;
}

interface Booking {
  /** Its reminders go through the automated service. */
  reminded: boolean;
  appointmentId: string;
  /** Bumped on every move: actions planned for an older version are stale. */
  version: number;
  startMs: number;
  clinicDate: string;
  slot: number;
  physicianId: string;
  roomId: string;
}

interface SimSeries {
  id: string;
  patientId: string;
  physicianId: string;
  state: TreatmentSeriesState;
  sedation: boolean;
  anticoagulant: Anticoagulant | null;
  booking: Booking | null;
  optedOut: boolean;
}

type Actor = { id: string; role: string };

const INDICATIONS: Array<[Indication, number]> = [
  ['crps-1', 0.45],
  ['crps-2', 0.15],
  ['phantom-limb', 0.1],
  ['postherpetic-neuralgia', 0.1],
  ['ischemic-limb', 0.12],
  ['cancer', 0.08],
];
const ICD10: Record<Indication, Record<Side, string>> = {
  'crps-1': { right: 'G90.521', left: 'G90.522', bilateral: 'G90.523' },
  'crps-2': { right: 'G57.71', left: 'G57.72', bilateral: 'G57.73' },
  'phantom-limb': { right: 'G54.6', left: 'G54.6', bilateral: 'G54.6' },
  'postherpetic-neuralgia': { right: 'B02.29', left: 'B02.29', bilateral: 'B02.29' },
  'ischemic-limb': { right: 'I70.221', left: 'I70.222', bilateral: 'I70.223' },
  cancer: { right: 'G89.3', left: 'G89.3', bilateral: 'G89.3' },
};
const HELD_DRUGS: Anticoagulant[] = [
  'warfarin',
  'clopidogrel',
  'apixaban',
  'rivaroxaban',
  'enoxaparin-prophylactic',
  'aspirin',
];
const GIVEN_NAMES = [
  'Maria',
  'James',
  'Aisha',
  'Wei',
  'Olga',
  'Daniel',
  'Priya',
  'Tomás',
  'Grace',
  'Kofi',
  'Hannah',
  'Yusuf',
  'Elena',
  'Samuel',
  'Mei',
  'Lucas',
];
const FAMILY_NAMES = [
  'Garcia',
  'Smith',
  'Okafor',
  'Nguyen',
  'Kowalski',
  'Cohen',
  'Sharma',
  'Silva',
  'Johnson',
  'Mensah',
  'Schmidt',
  'Haddad',
  'Rossi',
  'Brown',
  'Tanaka',
  'Martin',
  'Novak',
  'Reyes',
];

class ClinicSimulation {
  readonly calendar: ClinicCalendar;
  readonly policy: ClinicalPolicy;
  readonly endMs: number;
  readonly startMs: number;
  private readonly timeZone: string;
  private readonly random: Random;
  private readonly agenda = new Agenda();
  private readonly revisions = new Map<string, bigint>();
  private readonly days = new Map<string, Day>();
  private readonly patients: Array<{ id: string; state: PatientState }> = [];
  private readonly reminderStates = new Map<string, AppointmentRemindersState>();
  private readonly frontDesk: Actor[];
  private readonly nurses: Actor[];
  private readonly system: Actor = { id: 'reminder-worker', role: 'system' };
  private readonly reminders: 'full' | 'outcomes' | 'none';
  private events = 0;
  private out: HistoryAppend[] = [];
  private seq = 0;
  private nowMs = 0;

  constructor(private readonly options: ClinicHistoryOptions) {
    this.random = mulberry32(options.seed ?? 20250106);
    this.timeZone = options.timeZone ?? 'America/New_York';
    this.calendar = generatedClinicCalendar(
      options.physicians ?? 40,
      options.rooms ?? 32,
      this.timeZone,
    );
    this.policy = options.policy ?? DEFAULT_CLINICAL_POLICY;
    const startDate = options.startDate ?? '2025-01-06';
    this.startMs = wallClockToMillis(startDate, '00:00', this.timeZone);
    this.endMs = wallClockToMillis(addDays(startDate, options.days ?? 730), '00:00', this.timeZone);
    this.reminders = options.reminders ?? 'full';
    this.frontDesk = Array.from({ length: 12 }, (_, i) => ({
      id: `front-desk-${i + 1}`,
      role: 'front-desk',
    }));
    this.nurses = Array.from({ length: 10 }, (_, i) => ({ id: `nurse-${i + 1}`, role: 'nurse' }));
  }

  *run(): Generator<HistoryAppend> {
    const openSpanMs = Math.max(DAY_MS, this.endMs - this.startMs - 30 * DAY_MS);
    for (let i = 0; i < this.options.series; i++) {
      this.schedule(this.businessMoment(this.startMs + this.random() * openSpanMs), () =>
        this.openSeries(),
      );
    }
    for (;;) {
      const action = this.agenda.pop();
      if (!action || action.at >= this.endMs) break;
      this.nowMs = action.at;
      action.run();
      if (this.out.length > 0) {
        const produced = this.out;
        this.out = [];
        for (const append of produced) {
          this.events += append.events.length;
          if (this.options.maxEvents !== undefined && this.events > this.options.maxEvents) return;
          yield append;
        }
      }
    }
  }

  // ─── plumbing ──────────────────────────────────────────────────────────────────────────────

  private schedule(at: number, run: () => void): void {
    this.agenda.push({ at: Math.max(at, this.nowMs), seq: this.seq++, run });
  }

  private iso(ms: number): string {
    return formatInstant(ms, this.timeZone);
  }

  private get now(): string {
    return this.iso(this.nowMs);
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private int(from: number, to: number): number {
    return from + Math.floor(this.random() * (to - from + 1));
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private weighted<T>(items: ReadonlyArray<[T, number]>): T {
    let r = this.random() * items.reduce((sum, [, w]) => sum + w, 0);
    for (const [item, weight] of items) {
      r -= weight;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }

  private uuid(): string {
    // A version-4-shaped UUID from the seeded generator: deterministic ids, unique in practice.
    const words = [0, 0, 0, 0].map(() => (this.random() * 0x100000000) >>> 0);
    words[1] = ((words[1] & 0xffff0fff) | 0x00004000) >>> 0;
    words[2] = ((words[2] & 0x3fffffff) | 0x80000000) >>> 0;
    const h = words.map((w) => w.toString(16).padStart(8, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  private emit(stream: string, events: Array<{ type: string; data: unknown }>, actor: Actor): void {
    if (events.length === 0) return;
    const last = this.revisions.get(stream);
    const commandId = this.uuid();
    this.out.push({
      stream,
      expectedRevision: last === undefined ? 'no-stream' : last,
      events: events.map((event) => ({
        id: this.uuid(),
        type: event.type,
        data: event.data,
        metadata: { actor, correlationId: commandId, causationId: commandId },
      })),
    });
    this.revisions.set(stream, (last ?? -1n) + BigInt(events.length));
  }

  /** The first instant at or after `ms` inside opening hours (a random minute within the hour). */
  private businessMoment(ms: number): number {
    let date = dateOfMillis(ms, this.timeZone);
    for (let i = 0; i < 14; i++, date = addDays(date, 1)) {
      if (this.calendar.openingHours[weekdayOf(date)].length === 0) continue;
      const open = wallClockToMillis(date, '08:00', this.timeZone);
      const close = wallClockToMillis(date, '17:00', this.timeZone);
      const from = Math.max(ms, open);
      if (from >= close - 30 * MINUTE_MS) continue;
      return from + Math.floor(this.random() * Math.min(HOUR_MS, close - from - 30 * MINUTE_MS));
    }
    return ms;
  }

  private seriesCommand(series: SimSeries, command: TreatmentSeriesCommand, actor: Actor): boolean {
    let events: TreatmentSeriesEvent[];
    try {
      events = treatmentSeriesDecider.decide(command, series.state);
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
    this.emit(streams.treatmentSeries(series.id), events, actor);
    series.state = events.reduce(treatmentSeriesDecider.evolve, series.state);
    return true;
  }

  private dayOf(date: string): Day {
    let day = this.days.get(date);
    if (!day) {
      day = { state: clinicDayDecider.initialState(), busy: new Set() };
      this.days.set(date, day);
    }
    return day;
  }

  private dayCommand(date: string, command: ClinicDayCommand, actor: Actor): boolean {
    const day = this.dayOf(date);
    let events: ClinicDayEvent[];
    try {
      events = clinicDayDecider.decide(command, day.state);
    } catch (error) {
      if (error instanceof DomainError) return false;
      throw error;
    }
    this.emit(streams.clinicDay(date), events, actor);
    day.state = events.reduce(clinicDayDecider.evolve, day.state);
    return true;
  }

  private patientCommand(
    patient: { id: string; state: PatientState },
    command: PatientCommand,
    actor: Actor,
  ): void {
    const events: PatientEvent[] = patientDecider.decide(command, patient.state);
    this.emit(streams.patient(patient.id), events, actor);
    patient.state = events.reduce(patientDecider.evolve, patient.state);
  }

  private reminderCommand(appointmentId: string, command: ReminderCommand): void {
    const state =
      this.reminderStates.get(appointmentId) ?? appointmentRemindersDecider.initialState();
    const events: ReminderEvent[] = appointmentRemindersDecider.decide(command, state);
    this.emit(streams.appointmentReminders(appointmentId), events, this.system);
    this.reminderStates.set(
      appointmentId,
      events.reduce(appointmentRemindersDecider.evolve, state),
    );
  }

  // ─── the clinic's life ─────────────────────────────────────────────────────────────────────

  private openSeries(): void {
    const patient =
      this.patients.length > 0 && this.chance(0.15)
        ? this.pick(this.patients)
        : this.registerPatient();
    const optedOut =
      patient.state.status === 'registered' && patient.state.optedOut.sms && !patient.state.email;
    const side = this.weighted<Side>([
      ['left', 0.45],
      ['right', 0.45],
      ['bilateral', 0.1],
    ]);
    const indication = this.weighted(INDICATIONS);
    const intent = this.weighted<Intent>([
      ['diagnostic', 0.3],
      ['prognostic', 0.4],
      ['therapeutic', 0.3],
    ]);
    const series: SimSeries = {
      id: this.uuid(),
      patientId: patient.id,
      physicianId: this.pick(this.calendar.physicians).id,
      state: treatmentSeriesDecider.initialState(),
      sedation: this.chance(0.8),
      anticoagulant: this.chance(0.15) ? this.pick(HELD_DRUGS) : null,
      booking: null,
      optedOut,
    };
    this.seriesCommand(
      series,
      {
        type: 'OpenSeries',
        data: {
          seriesId: series.id,
          patientId: patient.id,
          indication,
          icd10: this.chance(0.9) ? ICD10[indication][side] : null,
          side,
          intent,
          rehabilitationProgramme: this.chance(0.05),
          policy: this.policy,
          now: this.now,
        },
      },
      { id: series.physicianId, role: 'physician' },
    );
    this.schedule(this.businessMoment(this.nowMs + this.random() * 2 * DAY_MS), () =>
      this.book(series),
    );
  }

  private registerPatient(): { id: string; state: PatientState } {
    const patient = { id: this.uuid(), state: patientDecider.initialState() };
    const n = this.patients.length + 1;
    const birthYear = this.int(1940, 2002);
    this.patientCommand(
      patient,
      {
        type: 'RegisterPatient',
        data: {
          patientId: patient.id,
          mrn: `MRN-${String(n).padStart(7, '0')}`,
          givenName: this.pick(GIVEN_NAMES),
          familyName: this.pick(FAMILY_NAMES),
          birthDate: `${birthYear}-${String(this.int(1, 12)).padStart(2, '0')}-${String(this.int(1, 28)).padStart(2, '0')}`,
          phone: this.chance(0.92)
            ? `+1555${String(this.int(0, 9_999_999)).padStart(7, '0')}`
            : null,
          email: this.chance(0.7) ? `patient${n}@example.test` : null,
          timeZone: this.chance(0.05) ? 'America/Chicago' : null,
          now: this.now,
        },
      },
      this.pick(this.frontDesk),
    );
    if (this.chance(0.04)) {
      this.patientCommand(
        patient,
        {
          type: 'ChangeReminderPreference',
          data: { patientId: patient.id, channel: 'sms', optedOut: true, now: this.now },
        },
        this.pick(this.frontDesk),
      );
    }
    this.patients.push(patient);
    return patient;
  }

  /** A free (date, slot, physician, room) from `fromDate` on, preferring the series' physician. */
  private findSlot(
    series: SimSeries,
    fromDate: string,
    avoidDate?: string,
  ): { date: string; slot: number; physicianId: string; roomId: string } | null {
    let date = fromDate;
    for (let i = 0; i < 60; i++, date = addDays(date, 1)) {
      if (date === avoidDate || this.calendar.openingHours[weekdayOf(date)].length === 0) continue;
      const day = this.dayOf(date);
      const first = this.int(0, SLOTS_PER_DAY - 1);
      for (let k = 0; k < SLOTS_PER_DAY; k++) {
        const slot = (first + k) % SLOTS_PER_DAY;
        const startMs = wallClockToMillis(
          date,
          `${String(OPEN_HOUR + slot).padStart(2, '0')}:00`,
          this.timeZone,
        );
        if (startMs < this.nowMs + 2 * HOUR_MS) continue;
        const physicianId =
          !day.busy.has(`${series.physicianId}@${slot}`) && this.chance(0.8)
            ? series.physicianId
            : this.pick(this.calendar.physicians).id;
        if (day.busy.has(`${physicianId}@${slot}`)) continue;
        const roomStart = this.int(0, this.calendar.rooms.length - 1);
        for (let r = 0; r < this.calendar.rooms.length; r++) {
          const roomId = this.calendar.rooms[(roomStart + r) % this.calendar.rooms.length].id;
          if (!day.busy.has(`${roomId}@${slot}`)) return { date, slot, physicianId, roomId };
        }
      }
    }
    return null;
  }

  private startOf(date: string, slot: number): number {
    return wallClockToMillis(
      date,
      `${String(OPEN_HOUR + slot).padStart(2, '0')}:00`,
      this.timeZone,
    );
  }

  private reserve(
    series: SimSeries,
    appointmentId: string,
    found: { date: string; slot: number; physicianId: string; roomId: string },
    actor: Actor,
  ): boolean {
    const ok = this.dayCommand(
      found.date,
      {
        type: 'ReserveSlot',
        data: {
          appointmentId,
          seriesId: series.id,
          physicianId: found.physicianId,
          roomId: found.roomId,
          start: this.iso(this.startOf(found.date, found.slot)),
          calendar: this.calendar,
          policy: series.state.status === 'not-opened' ? this.policy : series.state.policy,
          now: this.now,
        },
      },
      actor,
    );
    if (ok) {
      const day = this.dayOf(found.date);
      day.busy.add(`${found.physicianId}@${found.slot}`);
      day.busy.add(`${found.roomId}@${found.slot}`);
    }
    return ok;
  }

  private release(
    booking: Pick<Booking, 'appointmentId' | 'clinicDate' | 'slot' | 'physicianId' | 'roomId'>,
    reason: 'cancelled' | 'rescheduled' | 'booking-abandoned',
    actor: Actor,
  ): void {
    this.dayCommand(
      booking.clinicDate,
      {
        type: 'ReleaseSlot',
        data: {
          clinicDate: booking.clinicDate,
          appointmentId: booking.appointmentId,
          reason,
          now: this.now,
        },
      },
      actor,
    );
    const day = this.dayOf(booking.clinicDate);
    day.busy.delete(`${booking.physicianId}@${booking.slot}`);
    day.busy.delete(`${booking.roomId}@${booking.slot}`);
  }

  private book(series: SimSeries): void {
    const state = series.state;
    if (state.status !== 'open' || series.booking) return;
    const today = dateOfMillis(this.nowMs, this.timeZone);
    const interval = earliestNextBlockDate(state);
    let from = addDays(today, this.int(2, 12));
    if (interval && interval > from) from = addDays(interval, this.int(0, 5));
    const found = this.findSlot(series, from);
    if (!found) return this.close(series, 'no slot available');
    const start = this.iso(this.startOf(found.date, found.slot));
    try {
      assertBlockCanBeBooked(state, { data: { start, clinicDate: found.date, now: this.now } });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (
        (error.code === 'initial-series-cap' || error.code === 'yearly-cap') &&
        this.chance(0.4)
      ) {
        const cap = error.code === 'initial-series-cap' ? 'initial-series' : 'yearly';
        this.seriesCommand(
          series,
          {
            type: 'GrantCapOverride',
            data: {
              seriesId: series.id,
              cap,
              reason: 'payer approved additional blocks',
              now: this.now,
            },
          },
          { id: series.physicianId, role: 'physician' },
        );
        this.schedule(this.nowMs + HOUR_MS, () => this.book(series));
        return;
      }
      return this.close(series, 'series limits reached');
    }
    const frontDesk = this.pick(this.frontDesk);
    const appointmentId = this.uuid();
    if (!this.reserve(series, appointmentId, found, frontDesk)) {
      this.schedule(this.nowMs + 10 * MINUTE_MS, () => this.book(series));
      return;
    }
    const booking: Booking = {
      appointmentId,
      version: 0,
      reminded: this.random() < (this.options.reminderShare ?? 1),
      startMs: this.startOf(found.date, found.slot),
      clinicDate: found.date,
      slot: found.slot,
      physicianId: found.physicianId,
      roomId: found.roomId,
    };
    if (this.chance(0.01)) {
      // The front desk gave up before confirming (or the series refused): the slot is freed.
      this.release(booking, 'booking-abandoned', frontDesk);
      this.schedule(this.nowMs + 20 * MINUTE_MS, () => this.book(series));
      return;
    }
    const booked = this.seriesCommand(
      series,
      {
        type: 'BookBlock',
        data: {
          seriesId: series.id,
          appointmentId,
          physicianId: found.physicianId,
          roomId: found.roomId,
          start,
          end: this.iso(booking.startMs + this.policyOf(series).roomSlotMinutes * MINUTE_MS),
          clinicDate: found.date,
          sedation: series.sedation,
          anticoagulant: series.anticoagulant,
          now: this.now,
        },
      },
      frontDesk,
    );
    if (!booked) {
      this.release(booking, 'booking-abandoned', frontDesk);
      return this.close(series, 'booking refused');
    }
    series.booking = booking;
    this.planFate(series, booking, true);
  }

  private policyOf(series: SimSeries): ClinicalPolicy {
    return series.state.status === 'not-opened' ? this.policy : series.state.policy;
  }

  /** What will happen to this booking: moved, cancelled, missed or attended. */
  private planFate(series: SimSeries, booking: Booking, mayMove: boolean): void {
    const version = booking.version;
    const leadMs = booking.startMs - this.nowMs;
    const current = () => series.booking === booking && booking.version === version;
    const r = this.random();
    if (mayMove && r < 0.07 && leadMs > 2 * DAY_MS) {
      this.schedule(this.businessMoment(this.nowMs + leadMs * (0.1 + 0.5 * this.random())), () => {
        if (current()) this.reschedule(series, booking);
      });
    } else if (r < 0.12) {
      this.schedule(this.businessMoment(this.nowMs + leadMs * (0.1 + 0.7 * this.random())), () => {
        if (current()) this.cancel(series, booking, 'patient request', true);
      });
    } else if (r < 0.15) {
      this.schedule(booking.startMs + 30 * MINUTE_MS, () => {
        if (current()) this.noShow(series, booking);
      });
    } else {
      this.schedule(booking.startMs - 30 * MINUTE_MS, () => {
        if (current()) this.checkIn(series, booking);
      });
    }
    this.planPreProcedureReminders(series, booking);
  }

  private reschedule(series: SimSeries, booking: Booking): void {
    const today = dateOfMillis(this.nowMs, this.timeZone);
    let from = addDays(booking.clinicDate, this.int(-3, 7));
    if (from <= today) from = addDays(today, 1);
    const found = this.findSlot(series, from, booking.clinicDate);
    if (!found) return;
    const frontDesk = this.pick(this.frontDesk);
    const moved = {
      ...booking,
      clinicDate: found.date,
      slot: found.slot,
      physicianId: found.physicianId,
      roomId: found.roomId,
    };
    if (!this.reserve(series, booking.appointmentId, found, frontDesk)) return;
    const startMs = this.startOf(found.date, found.slot);
    const ok = this.seriesCommand(
      series,
      {
        type: 'RescheduleBlock',
        data: {
          seriesId: series.id,
          appointmentId: booking.appointmentId,
          physicianId: found.physicianId,
          roomId: found.roomId,
          start: this.iso(startMs),
          end: this.iso(startMs + this.policyOf(series).roomSlotMinutes * MINUTE_MS),
          clinicDate: found.date,
          now: this.now,
        },
      },
      frontDesk,
    );
    if (!ok) {
      // The series refused the move (interval, caps): compensate, the old slot stays.
      this.release(moved, 'booking-abandoned', frontDesk);
      return;
    }
    this.release(booking, 'rescheduled', frontDesk);
    booking.version++;
    booking.startMs = startMs;
    booking.clinicDate = found.date;
    booking.slot = found.slot;
    booking.physicianId = found.physicianId;
    booking.roomId = found.roomId;
    this.planFate(series, booking, false);
  }

  private cancel(series: SimSeries, booking: Booking, reason: string, mayRebook: boolean): void {
    const actor = this.chance(0.7) ? this.pick(this.frontDesk) : this.pick(this.nurses);
    const ok = this.seriesCommand(
      series,
      {
        type: 'CancelBlock',
        data: { seriesId: series.id, appointmentId: booking.appointmentId, reason, now: this.now },
      },
      actor,
    );
    if (!ok) return;
    this.release(booking, 'cancelled', actor);
    series.booking = null;
    if (mayRebook && this.chance(0.65)) {
      this.schedule(this.businessMoment(this.nowMs + this.int(1, 7) * DAY_MS), () =>
        this.book(series),
      );
    } else {
      this.schedule(this.businessMoment(this.nowMs + HOUR_MS), () =>
        this.close(series, 'patient withdrew'),
      );
    }
  }

  private noShow(series: SimSeries, booking: Booking): void {
    const ok = this.seriesCommand(
      series,
      {
        type: 'RecordNoShow',
        data: { seriesId: series.id, appointmentId: booking.appointmentId, now: this.now },
      },
      this.pick(this.frontDesk),
    );
    if (!ok) return;
    series.booking = null;
    if (this.chance(0.6)) {
      this.schedule(this.businessMoment(this.nowMs + DAY_MS), () => this.book(series));
    } else {
      this.schedule(this.businessMoment(this.nowMs + 2 * DAY_MS), () =>
        this.close(series, 'lost to follow-up'),
      );
    }
  }

  private checkIn(series: SimSeries, booking: Booking): void {
    const ok = this.seriesCommand(
      series,
      {
        type: 'CheckInPatient',
        data: {
          seriesId: series.id,
          appointmentId: booking.appointmentId,
          escortPresent: true,
          fastingConfirmed: true,
          anticoagulantHeld: true,
          timeZone: this.timeZone,
          now: this.now,
        },
      },
      this.pick(this.nurses),
    );
    if (!ok) return;
    if (this.chance(0.02)) {
      this.schedule(booking.startMs - 10 * MINUTE_MS, () =>
        this.cancel(series, booking, 'deferred: blood pressure not controlled', true),
      );
      return;
    }
    this.schedule(booking.startMs + 25 * MINUTE_MS, () => this.perform(series, booking));
  }

  private perform(series: SimSeries, booking: Booking): void {
    if (series.state.status === 'not-opened') return;
    const intent = series.state.intent;
    const result = this.weighted<'positive' | 'partial' | 'negative' | 'failure'>(
      intent === 'therapeutic'
        ? [
            ['positive', 0.65],
            ['partial', 0.12],
            ['negative', 0.1],
            ['failure', 0.13],
          ]
        : [
            ['positive', 0.55],
            ['partial', 0.15],
            ['negative', 0.15],
            ['failure', 0.15],
          ],
    );
    const painBefore = this.int(5, 10);
    const painAfter =
      result === 'positive' || result === 'failure'
        ? this.int(0, Math.floor(painBefore / 2))
        : result === 'partial'
          ? Math.ceil(painBefore * 0.6)
          : painBefore - (this.chance(0.5) ? 1 : 0);
    const baseline = 29 + this.int(0, 20) / 10;
    const rise = result === 'failure' ? this.int(2, 15) / 10 : this.int(22, 45) / 10;
    const contralateral = series.state.side === 'bilateral' ? baseline + rise : baseline + 0.2;
    const physician = { id: booking.physicianId, role: 'physician' };
    const ok = this.seriesCommand(
      series,
      {
        type: 'RecordBlockPerformed',
        data: {
          seriesId: series.id,
          appointmentId: booking.appointmentId,
          levels: this.chance(0.7) ? ['L2', 'L3'] : ['L3'],
          side: series.state.side,
          sedationGiven: series.sedation,
          baselineTempC: baseline,
          peakTempC: Math.round((baseline + rise) * 10) / 10,
          contralateralBaselineTempC: baseline,
          contralateralPeakTempC: Math.round(contralateral * 10) / 10,
          painBefore,
          painAfter,
          timeZone: this.timeZone,
          now: this.now,
        },
      },
      physician,
    );
    if (!ok) return;
    this.schedule(booking.startMs + 95 * MINUTE_MS, () => this.discharge(series, booking));
  }

  private discharge(series: SimSeries, booking: Booking): void {
    const home = this.chance(0.98);
    const ok = this.seriesCommand(
      series,
      {
        type: 'DischargePatient',
        data: {
          seriesId: series.id,
          appointmentId: booking.appointmentId,
          aldreteScore: home ? this.int(9, 10) : 7,
          padssScore: home ? this.int(9, 10) : 6,
          escortPresent: true,
          disposition: home ? 'home' : 'admitted',
          timeZone: this.timeZone,
          now: this.now,
        },
      },
      this.pick(this.nurses),
    );
    if (!ok) return;
    series.booking = null;
    const performedDate = booking.clinicDate;
    if (home) this.planReminder(series, booking, 'post-procedure-call', this.nowMs + 24 * HOUR_MS);
    const [first, second] = followUpChecks(performedDate, this.policy);
    const day7 = wallClockToMillis(first.date, '10:00', this.timeZone);
    const day28 = wallClockToMillis(second.date, '10:00', this.timeZone);
    this.planReminder(series, booking, 'pain-check-day-7', day7);
    this.planReminder(series, booking, 'pain-check-day-28', day28);
    const baseHours = this.int(6, 96);
    if (this.chance(0.85)) {
      this.schedule(day7 + this.int(10, 300) * MINUTE_MS, () =>
        this.followUp(series, booking, first.day, baseHours),
      );
    }
    if (this.chance(0.6)) {
      this.schedule(day28 + this.int(10, 300) * MINUTE_MS, () =>
        this.followUp(series, booking, second.day, baseHours + this.int(0, 48)),
      );
    }
    // The physician looks at the series after the day-7 call.
    this.schedule(day7 + 6 * HOUR_MS + this.int(0, 48) * HOUR_MS, () => this.decideNext(series));
  }

  private followUp(series: SimSeries, booking: Booking, daysAfter: number, hours: number): void {
    this.seriesCommand(
      series,
      {
        type: 'RecordFollowUp',
        data: {
          seriesId: series.id,
          appointmentId: booking.appointmentId,
          daysAfter,
          painScore: this.int(1, 8),
          reliefLastedHours: hours,
          now: this.now,
        },
      },
      this.pick(this.nurses),
    );
  }

  private decideNext(series: SimSeries): void {
    if (series.state.status !== 'open' || series.booking) return;
    const physician = { id: series.physicianId, role: 'physician' };
    const recommendation = recommendNextStep(series.state);
    if (recommendation === null) return;
    switch (recommendation.action) {
      case 'book-block':
      case 'repeat-block':
      case 'continue-series':
        if (this.chance(0.88)) return this.book(series);
        return this.close(series, 'patient declined further blocks');
      case 'refer-rfa':
        if (this.chance(0.75)) {
          this.seriesCommand(
            series,
            {
              type: 'IssueReferral',
              data: {
                seriesId: series.id,
                modality: this.chance(0.85) ? 'radiofrequency' : 'phenol',
                note: null,
                now: this.now,
              },
            },
            physician,
          );
          if (this.chance(0.5)) {
            this.schedule(this.businessMoment(this.nowMs + 30 * DAY_MS), () =>
              this.close(series, 'referred for neurolysis'),
            );
          }
          return;
        }
        return this.close(series, 'patient declined neurolysis');
      case 'stop-series':
        return this.close(series, 'no lasting benefit');
      case 'physician-review':
        if (recommendation.rule === 'initial-series-cap' || recommendation.rule === 'yearly-cap') {
          if (this.chance(0.35)) {
            this.seriesCommand(
              series,
              {
                type: 'GrantCapOverride',
                data: {
                  seriesId: series.id,
                  cap: recommendation.rule === 'initial-series-cap' ? 'initial-series' : 'yearly',
                  reason: 'payer approved additional blocks',
                  now: this.now,
                },
              },
              physician,
            );
            return this.book(series);
          }
          return this.close(series, 'series limits reached');
        }
        if (this.chance(0.4)) return this.book(series);
        return this.close(series, 'physician review: stop');
    }
  }

  private close(series: SimSeries, reason: string): void {
    if (
      series.state.status === 'not-opened' ||
      series.state.status === 'closed' ||
      series.booking
    ) {
      return;
    }
    this.seriesCommand(
      series,
      { type: 'CloseSeries', data: { seriesId: series.id, reason, now: this.now } },
      { id: series.physicianId, role: 'physician' },
    );
  }

  // ─── reminders (what the reminder worker records) ──────────────────────────────────────────

  private planPreProcedureReminders(series: SimSeries, booking: Booking): void {
    const holdHours = series.anticoagulant
      ? this.policyOf(series).anticoagulantHoldHours[series.anticoagulant]
      : null;
    if (holdHours) {
      this.planReminder(
        series,
        booking,
        'anticoagulant-hold',
        booking.startMs - (holdHours + 24) * HOUR_MS,
      );
    }
    this.planReminder(series, booking, 'pre-procedure-call', booking.startMs - 72 * HOUR_MS);
    this.planReminder(series, booking, 'appointment-reminder', booking.startMs - 24 * HOUR_MS);
    if (series.sedation) {
      const evening = wallClockToMillis(addDays(booking.clinicDate, -1), '18:00', this.timeZone);
      this.planReminder(series, booking, 'fasting-and-escort', evening);
    }
  }

  private planReminder(
    series: SimSeries,
    booking: Booking,
    kind: ReminderKind,
    dueMs: number,
  ): void {
    if (this.reminders === 'none' || !booking.reminded || dueMs <= this.nowMs) return;
    const version = booking.version;
    const preProcedure = kind !== 'post-procedure-call' && !kind.startsWith('pain-check');
    const dueAt = this.iso(dueMs);
    const ref = { appointmentId: booking.appointmentId, seriesId: series.id, kind, dueAt };
    this.schedule(dueMs, () => {
      const stale = preProcedure && (series.booking !== booking || booking.version !== version);
      if (stale) {
        // The job was removed when the appointment moved or was cancelled; sometimes the worker
        // had already picked it up and records the skip.
        if (this.chance(0.3)) {
          this.reminderCommand(booking.appointmentId, {
            type: 'RecordReminderSkipped',
            data: {
              ...ref,
              reason: series.booking === booking ? 'appointment-moved' : 'appointment-cancelled',
              now: this.now,
            },
          });
        }
        return;
      }
      if (series.optedOut) {
        this.reminderCommand(booking.appointmentId, {
          type: 'RecordReminderSkipped',
          data: { ...ref, reason: 'opted-out', now: this.now },
        });
        return;
      }
      if (this.reminders === 'full') {
        this.reminderCommand(booking.appointmentId, {
          type: 'ClaimReminder',
          data: { ...ref, claimId: this.uuid(), attempt: 1, now: this.now },
        });
      }
      const r = this.random();
      if (r < 0.96) {
        this.reminderCommand(booking.appointmentId, {
          type: 'RecordReminderSent',
          data: {
            ...ref,
            channel: 'sms',
            idempotencyKey: `reminder-${booking.appointmentId}-${kind}-${dueMs}`,
            now: this.iso(this.nowMs + 2000),
          },
        });
      } else {
        this.reminderCommand(booking.appointmentId, {
          type: 'RecordReminderFailed',
          data: {
            ...ref,
            error: 'gateway answered 503',
            final: r >= 0.98,
            attempt: 1,
            now: this.iso(this.nowMs + 5000),
          },
        });
      }
    });
  }
}
