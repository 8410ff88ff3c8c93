import { ANTICOAGULANTS, DEFAULT_CLINICAL_POLICY } from '@app/domain';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { isInQuietHours } from './quiet-hours';
import { planReminders, type PlanRemindersInput } from './reminder.planner';

const zones = [
  'America/New_York',
  'America/Los_Angeles',
  'Europe/Berlin',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Auckland',
];
const quiet = {
  start: DEFAULT_CLINICAL_POLICY.quietHoursStart,
  end: DEFAULT_CLINICAL_POLICY.quietHoursEnd,
};

// Any start in 2027 on a quarter hour (DST changes of both hemispheres included), booked 0–60 days before.
const scenario = fc.record({
  startMinutes: fc.integer({ min: 0, max: 365 * 24 * 4 }).map((q) => q * 15),
  bookedMinutesBefore: fc.integer({ min: 1, max: 60 * 24 * 60 }),
  patientZone: fc.constantFrom(...zones),
  clinicZone: fc.constantFrom(...zones),
  sedation: fc.boolean(),
  anticoagulant: fc.option(fc.constantFrom(...ANTICOAGULANTS), { nil: null }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function input(s: Scenario, now: DateTime): PlanRemindersInput {
  const start = DateTime.fromISO('2027-01-01T00:00:00', { zone: s.clinicZone }).plus({
    minutes: s.startMinutes,
  });
  const bookedAt = start.minus({ minutes: s.bookedMinutesBefore });
  return {
    appointment: {
      appointmentId: 'a',
      seriesId: 's',
      status: 'booked',
      start: start.toISO()!,
      end: start.plus({ hours: 1 }).toISO()!,
      clinicDate: start.toISODate()!,
      sedation: s.sedation,
      anticoagulant: s.anticoagulant,
      scheduledAt: bookedAt.toISO()!,
      performedAt: null,
      dischargedAt: null,
      disposition: null,
    },
    outlook: {
      repeatOrNextBlockDue: false,
      laterBlockBooked: false,
      earliestNextBlockDate: null,
      dueSince: null,
    },
    patient: { timeZone: s.patientZone, channels: ['sms'], optedOut: [] },
    clinic: { name: 'Clinic', timeZone: s.clinicZone },
    policy: DEFAULT_CLINICAL_POLICY,
    now: now.toISO()!,
  };
}

describe('planReminders (properties)', () => {
  it('every reminder is outside quiet hours, not before the booking, before its expiry and before the start', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const booked = input(s, DateTime.fromISO('2026-01-01T00:00:00Z'));
        const planned = planReminders({ ...booked, now: booked.appointment.scheduledAt });
        for (const r of planned) {
          const due = DateTime.fromISO(r.dueAt, { setZone: true });
          expect(isInQuietHours(due.setZone(s.patientZone), quiet)).toBe(false);
          expect(due.toMillis()).toBeGreaterThanOrEqual(Date.parse(booked.appointment.scheduledAt));
          expect(due.toMillis()).toBeLessThan(Date.parse(r.expiresAt));
          expect(due.toMillis()).toBeLessThan(Date.parse(booked.appointment.start));
          expect(r.jobId).toBe(`reminder-a-${r.kind}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('re-planning later (before a reminder expires) gives it the same instant: a stable identity', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0, max: 1, noNaN: true }), (s, fraction) => {
        const base = input(s, DateTime.fromISO('2026-01-01T00:00:00Z'));
        const first = planReminders({ ...base, now: base.appointment.scheduledAt });
        const bookedMs = Date.parse(base.appointment.scheduledAt);
        const laterMs = bookedMs + fraction * (Date.parse(base.appointment.start) - bookedMs);
        const later = planReminders({ ...base, now: new Date(laterMs).toISOString() });
        for (const r of later) {
          expect(first.find((f) => f.kind === r.kind)?.dueAt).toBe(r.dueAt);
        }
        // what disappeared had expired
        for (const f of first.filter((f) => !later.some((r) => r.kind === f.kind))) {
          expect(Date.parse(f.expiresAt)).toBeLessThanOrEqual(laterMs);
        }
      }),
      { numRuns: 300 },
    );
  });
});
