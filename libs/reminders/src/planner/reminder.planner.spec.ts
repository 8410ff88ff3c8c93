import {
  ANTICOAGULANTS,
  anticoagulantHold,
  DEFAULT_CLINICAL_POLICY,
  type Anticoagulant,
} from '@app/domain';
import { DateTime } from 'luxon';
import {
  planReminders,
  reminderIdempotencyKey,
  type PlannedReminder,
  type PlanRemindersInput,
  type ReminderAppointment,
  type ReminderPatient,
  type SeriesOutlook,
} from './reminder.planner';

// Fixed clock: every instant below is written out, never read from the system.
const clinic = { name: 'Riverside Pain Clinic', timeZone: 'America/New_York' };

function appointment(overrides: Partial<ReminderAppointment> = {}): ReminderAppointment {
  return {
    appointmentId: 'appt-1',
    seriesId: 'series-1',
    status: 'booked',
    start: '2027-03-02T09:00:00-05:00',
    end: '2027-03-02T10:00:00-05:00',
    clinicDate: '2027-03-02',
    sedation: true,
    anticoagulant: null,
    scheduledAt: '2027-02-01T10:00:00-05:00',
    performedAt: null,
    dischargedAt: null,
    disposition: null,
    ...overrides,
  };
}

const noNextBlock: SeriesOutlook = {
  repeatOrNextBlockDue: false,
  laterBlockBooked: false,
  earliestNextBlockDate: null,
  dueSince: null,
};

const reachable: ReminderPatient = { timeZone: null, channels: ['sms', 'email'], optedOut: [] };

function given(overrides: Partial<ReminderAppointment>, rest: Partial<PlanRemindersInput> = {}) {
  const input: PlanRemindersInput = {
    appointment: appointment(overrides),
    outlook: noNextBlock,
    patient: reachable,
    clinic,
    policy: DEFAULT_CLINICAL_POLICY,
    now: '2027-02-01T10:00:05-05:00',
    ...rest,
  };
  return planReminders(input);
}

function dueAtByKind(planned: PlannedReminder[]): Record<string, string> {
  return Object.fromEntries(planned.map((r) => [r.kind, r.dueAt]));
}

describe('planReminders', () => {
  describe('given a sedated block on Tuesday 2 March 2027 09:00 (New York), patient on warfarin', () => {
    const planned = given({ anticoagulant: 'warfarin' });

    it('then plans hold (6 days), call (72 h), reminder (24 h) and fasting (18:00 the evening before)', () => {
      expect(dueAtByKind(planned)).toEqual({
        'anticoagulant-hold': '2027-02-24T09:00:00-05:00',
        'pre-procedure-call': '2027-02-27T09:00:00-05:00',
        'appointment-reminder': '2027-03-01T09:00:00-05:00',
        'fasting-and-escort': '2027-03-01T18:00:00-05:00',
      });
    });

    it('then every reminder has a deterministic job id without ":" and goes by sms', () => {
      for (const r of planned) {
        expect(r.jobId).toBe(`reminder-appt-1-${r.kind}`);
        expect(r.jobId).not.toContain(':');
        expect(r.channel).toBe('sms');
        expect(r.seriesId).toBe('series-1');
      }
    });

    it('then the hold reminder expires when the hold should begin', () => {
      const hold = planned.find((r) => r.kind === 'anticoagulant-hold')!;
      expect(hold.expiresAt).toBe('2027-02-25T09:00:00-05:00');
    });
  });

  describe('given a block without sedation', () => {
    it('then there is no fasting-and-escort reminder', () => {
      expect(Object.keys(dueAtByKind(given({ sedation: false })))).toEqual([
        'pre-procedure-call',
        'appointment-reminder',
      ]);
    });
  });

  describe('given each anticoagulant (hold + 1 day before, docs/clinical-rules.md)', () => {
    const cases: Array<[Anticoagulant, string | undefined]> = [
      ['warfarin', '2027-02-24T09:00:00-05:00'],
      ['clopidogrel', '2027-02-22T09:00:00-05:00'],
      ['prasugrel', '2027-02-22T09:00:00-05:00'],
      ['ticagrelor', '2027-02-24T09:00:00-05:00'],
      ['rivaroxaban', '2027-02-26T09:00:00-05:00'],
      ['apixaban', '2027-02-26T09:00:00-05:00'],
      ['edoxaban', '2027-02-26T09:00:00-05:00'],
      ['dabigatran', '2027-02-25T09:00:00-05:00'],
      // 12 h + 24 h = 36 h before: 21:00 is quiet, so 20:59 the same evening.
      ['enoxaparin-prophylactic', '2027-02-28T20:59:00-05:00'],
      ['enoxaparin-therapeutic', '2027-02-28T09:00:00-05:00'],
      // the physician decides: no automatic reminder
      ['aspirin', undefined],
    ];
    it.each(cases)('when the patient takes %s, then the hold reminder is due %s', (drug, due) => {
      expect(dueAtByKind(given({ anticoagulant: drug }))['anticoagulant-hold']).toBe(due);
    });

    it.each(ANTICOAGULANTS)(
      'when the patient takes %s, then the hold reminder is the domain’s: reminderAt, expiring at lastDoseBy',
      (drug) => {
        const start = '2027-03-15T09:00:00-04:00';
        const hold = anticoagulantHold(drug, start, DEFAULT_CLINICAL_POLICY);
        const planned = given({ start, clinicDate: '2027-03-15', anticoagulant: drug }).find(
          (r) => r.kind === 'anticoagulant-hold',
        );
        if (hold.kind !== 'hold') return expect(planned).toBeUndefined();
        expect(Date.parse(planned!.expiresAt)).toBe(Date.parse(hold.lastDoseBy));
        // at the domain's instant, or moved before quiet hours (enoxaparin's evening instants)
        expect(Date.parse(planned!.dueAt)).toBeLessThanOrEqual(Date.parse(hold.reminderAt));
        expect(Date.parse(hold.reminderAt) - Date.parse(planned!.dueAt)).toBeLessThan(
          11 * 3600_000,
        );
      },
    );

    it('when the patient takes none, then there is no hold reminder', () => {
      expect(dueAtByKind(given({ anticoagulant: null }))['anticoagulant-hold']).toBeUndefined();
    });
  });

  describe('quiet hours (21:00–08:00, patient local time)', () => {
    it('when an instant falls in the early morning, then it moves to 20:59 the evening before', () => {
      const planned = given({ start: '2027-03-02T07:30:00-05:00', sedation: false });
      expect(dueAtByKind(planned)).toEqual({
        'pre-procedure-call': '2027-02-26T20:59:00-05:00',
        'appointment-reminder': '2027-02-28T20:59:00-05:00',
      });
    });

    it('when an instant is exactly 08:00 (end is exclusive), then it stays', () => {
      const planned = given({ start: '2027-03-02T08:00:00-05:00', sedation: false });
      expect(dueAtByKind(planned)['appointment-reminder']).toBe('2027-03-01T08:00:00-05:00');
    });

    it('when an instant is exactly 21:00 (start is inclusive), then it moves to 20:59', () => {
      const planned = given({
        status: 'discharged',
        performedAt: '2027-03-02T19:40:00-05:00',
        dischargedAt: '2027-03-02T21:00:00-05:00',
        disposition: 'home',
      });
      expect(dueAtByKind(planned)['post-procedure-call']).toBe('2027-03-03T20:59:00-05:00');
    });

    it('when the clinic sets other quiet hours, then they apply', () => {
      const planned = given(
        { sedation: false },
        {
          policy: { ...DEFAULT_CLINICAL_POLICY, quietHoursStart: '08:30', quietHoursEnd: '12:00' },
        },
      );
      expect(dueAtByKind(planned)['appointment-reminder']).toBe('2027-03-01T08:29:00-05:00');
    });
  });

  describe('time zones', () => {
    it('given a patient in Los Angeles for a 09:00 New York block, then their 06:00 instants move to 20:59 the evening before', () => {
      const planned = given({}, { patient: { ...reachable, timeZone: 'America/Los_Angeles' } });
      expect(dueAtByKind(planned)).toEqual({
        'pre-procedure-call': '2027-02-26T20:59:00-08:00',
        'appointment-reminder': '2027-02-28T20:59:00-08:00',
        'fasting-and-escort': '2027-03-01T18:00:00-08:00',
      });
    });

    it('given a patient in Berlin, then instants are in their offset and the evening is theirs', () => {
      const planned = given({}, { patient: { ...reachable, timeZone: 'Europe/Berlin' } });
      expect(dueAtByKind(planned)).toEqual({
        'pre-procedure-call': '2027-02-27T15:00:00+01:00',
        'appointment-reminder': '2027-03-01T15:00:00+01:00',
        'fasting-and-escort': '2027-03-01T18:00:00+01:00',
      });
    });

    it('given a patient zone the database does not know, then the clinic zone is used', () => {
      const planned = given({}, { patient: { ...reachable, timeZone: 'Mars/Olympus_Mons' } });
      expect(dueAtByKind(planned)['appointment-reminder']).toBe('2027-03-01T09:00:00-05:00');
    });
  });

  describe('DST changes (America/New_York)', () => {
    it('given a Monday block right after clocks go forward (14 March 2027), then whole-day offsets keep 09:00; the hold counts elapsed hours', () => {
      const planned = given({
        start: '2027-03-15T09:00:00-04:00',
        end: '2027-03-15T10:00:00-04:00',
        clinicDate: '2027-03-15',
        anticoagulant: 'warfarin',
      });
      expect(dueAtByKind(planned)).toEqual({
        // The domain's anticoagulantHold: 120 h + 24 h elapsed (a drug clears by the hour, not
        // by the calendar), so 08:00 EST, not 09:00 as the planner's former calendar days had it.
        'anticoagulant-hold': '2027-03-09T08:00:00-05:00',
        'pre-procedure-call': '2027-03-12T09:00:00-05:00',
        'appointment-reminder': '2027-03-14T09:00:00-04:00',
        'fasting-and-escort': '2027-03-14T18:00:00-04:00',
      });
      // 72 h "before" across the change is 71 elapsed hours: the patient sees the same clock time.
      const call = planned.find((r) => r.kind === 'pre-procedure-call')!;
      expect(Date.parse('2027-03-15T09:00:00-04:00') - Date.parse(call.dueAt)).toBe(71 * 3600_000);
    });

    it('given a Monday block right after clocks go back (7 November 2027), then whole-day offsets keep 09:00', () => {
      const planned = given({
        start: '2027-11-08T09:00:00-05:00',
        end: '2027-11-08T10:00:00-05:00',
        clinicDate: '2027-11-08',
        anticoagulant: 'enoxaparin-prophylactic',
        scheduledAt: '2027-10-01T10:00:00-04:00',
      });
      expect(dueAtByKind(planned)).toEqual({
        // 36 elapsed hours: 22:00 EDT on Saturday, quiet, so 20:59
        'anticoagulant-hold': '2027-11-06T20:59:00-04:00',
        'pre-procedure-call': '2027-11-05T09:00:00-04:00',
        'appointment-reminder': '2027-11-07T09:00:00-05:00',
        'fasting-and-escort': '2027-11-07T18:00:00-05:00',
      });
    });

    it('given a block performed before clocks go forward, then day 28 keeps 10:00 in the new offset', () => {
      const planned = given({
        status: 'performed',
        performedAt: '2027-03-02T09:40:00-05:00',
      });
      expect(dueAtByKind(planned)).toEqual({
        'pain-check-day-7': '2027-03-09T10:00:00-05:00',
        'pain-check-day-28': '2027-03-30T10:00:00-04:00',
      });
    });
  });

  describe('never in the past', () => {
    it('given a block booked 18 h ahead, then the reminder is due at the booking, the call is dropped, fasting stays', () => {
      const planned = given(
        { scheduledAt: '2027-03-01T15:00:00-05:00', anticoagulant: 'apixaban' },
        { now: '2027-03-01T15:00:01-05:00' },
      );
      expect(dueAtByKind(planned)).toEqual({
        'appointment-reminder': '2027-03-01T15:00:00-05:00',
        'fasting-and-escort': '2027-03-01T18:00:00-05:00',
      });
    });

    it('given a block booked at 22:30 for 13:00 tomorrow, then the overdue ones are due when quiet hours end', () => {
      const planned = given(
        {
          start: '2027-03-02T13:00:00-05:00',
          scheduledAt: '2027-03-01T22:30:00-05:00',
        },
        { now: '2027-03-01T22:30:01-05:00' },
      );
      expect(dueAtByKind(planned)).toEqual({
        'appointment-reminder': '2027-03-02T08:00:00-05:00',
        'fasting-and-escort': '2027-03-02T08:00:00-05:00',
      });
    });

    it('given a block booked at 22:30 for 09:00 tomorrow, then nothing can go out in time and nothing is planned', () => {
      const planned = given(
        { scheduledAt: '2027-03-01T22:30:00-05:00' },
        { now: '2027-03-01T22:30:01-05:00' },
      );
      expect(planned).toEqual([]);
    });

    it('given a reminder whose instant passed but whose purpose is ahead, then re-planning keeps the same instant', () => {
      const early = given({}, { now: '2027-02-01T10:00:05-05:00' });
      const late = given({}, { now: '2027-03-01T12:00:00-05:00' });
      const key = (p: PlannedReminder[]) => p.find((r) => r.kind === 'appointment-reminder')!.dueAt;
      expect(key(late)).toBe(key(early));
      expect(reminderIdempotencyKey('appt-1', 'appointment-reminder', key(late))).toBe(
        `reminder-appt-1-appointment-reminder-${Date.parse('2027-03-01T09:00:00-05:00')}`,
      );
      expect(dueAtByKind(late)['pre-procedure-call']).toBeUndefined();
    });

    it('given now past the purpose (2 h before the start), then the reminder is dropped', () => {
      expect(given({}, { now: '2027-03-02T07:00:00-05:00' })).toEqual([]);
    });
  });

  describe('after the block', () => {
    const performed = {
      status: 'discharged' as const,
      performedAt: '2027-03-02T09:40:00-05:00',
      dischargedAt: '2027-03-02T11:00:00-05:00',
      disposition: 'home' as const,
    };

    it('given a discharge home, then a call 24 h later and pain checks on day 7 and day 28 at 10:00', () => {
      expect(dueAtByKind(given(performed, { now: '2027-03-02T11:00:01-05:00' }))).toEqual({
        'post-procedure-call': '2027-03-03T11:00:00-05:00',
        'pain-check-day-7': '2027-03-09T10:00:00-05:00',
        'pain-check-day-28': '2027-03-30T10:00:00-04:00',
      });
    });

    it('given the policy’s follow-up grace (2 days), then each pain check expires when it becomes overdue', () => {
      const planned = given(performed, { now: '2027-03-02T11:00:01-05:00' });
      const expiry = Object.fromEntries(planned.map((r) => [r.kind, r.expiresAt]));
      expect(expiry['pain-check-day-7']).toBe('2027-03-12T00:00:00-05:00');
      expect(expiry['pain-check-day-28']).toBe('2027-04-02T00:00:00-04:00');
    });

    it('given a clinic policy with other follow-up days, then the pain checks follow it', () => {
      const policy = {
        ...DEFAULT_CLINICAL_POLICY,
        firstFollowUpDay: 10,
        secondFollowUpDay: 30,
        followUpGraceDays: 1,
      };
      const planned = given(performed, { now: '2027-03-02T11:00:01-05:00', policy });
      expect(dueAtByKind(planned)).toMatchObject({
        'pain-check-day-7': '2027-03-12T10:00:00-05:00',
        'pain-check-day-28': '2027-04-01T10:00:00-04:00',
      });
    });

    it('given an admitted patient, then no post-procedure call, but the pain checks', () => {
      expect(Object.keys(dueAtByKind(given({ ...performed, disposition: 'admitted' })))).toEqual([
        'pain-check-day-7',
        'pain-check-day-28',
      ]);
    });

    it('given a series that wants the next block (earliest 9 March), then book-next-block at 10:00 two days before', () => {
      const outlook: SeriesOutlook = {
        repeatOrNextBlockDue: true,
        laterBlockBooked: false,
        earliestNextBlockDate: '2027-03-09',
        dueSince: '2027-03-02T09:45:00-05:00',
      };
      expect(dueAtByKind(given(performed, { outlook }))['book-next-block']).toBe(
        '2027-03-07T10:00:00-05:00',
      );
      expect(
        dueAtByKind(given(performed, { outlook: { ...outlook, laterBlockBooked: true } }))[
          'book-next-block'
        ],
      ).toBeUndefined();
    });

    it('given the next block became due long after its instant, then it is due at that moment', () => {
      const outlook: SeriesOutlook = {
        repeatOrNextBlockDue: true,
        laterBlockBooked: false,
        earliestNextBlockDate: '2027-03-09',
        dueSince: '2027-03-12T14:00:00-05:00',
      };
      expect(
        dueAtByKind(given(performed, { outlook, now: '2027-03-12T14:00:01-05:00' }))[
          'book-next-block'
        ],
      ).toBe('2027-03-12T14:00:00-05:00');
    });

    it('given the next block became due again more than 28 days after its instant (a later block cancelled), then it is still planned, for 28 days', () => {
      const outlook: SeriesOutlook = {
        repeatOrNextBlockDue: true,
        laterBlockBooked: false,
        earliestNextBlockDate: '2027-03-09',
        dueSince: '2027-04-20T14:00:00-04:00',
      };
      const reminder = given(performed, { outlook, now: '2027-04-20T14:00:01-04:00' }).find(
        (r) => r.kind === 'book-next-block',
      );
      expect(reminder).toMatchObject({
        dueAt: '2027-04-20T14:00:00-04:00',
        expiresAt: '2027-05-18T14:00:00-04:00',
      });
    });
  });

  describe('appointments that will not happen', () => {
    it.each(['cancelled', 'no-show', 'checked-in'] as const)(
      'given a %s block, then nothing',
      (status) => {
        expect(given({ status })).toEqual([]);
      },
    );
  });

  describe('opt-out and contact', () => {
    it('given a patient opted out of sms, then reminders go by email', () => {
      const planned = given({}, { patient: { ...reachable, optedOut: ['sms'] } });
      expect(new Set(planned.map((r) => r.channel))).toEqual(new Set(['email']));
    });

    it('given a patient opted out of every channel, then nothing at all', () => {
      expect(given({}, { patient: { ...reachable, optedOut: ['sms', 'email'] } })).toEqual([]);
    });

    it('given a patient with no phone and no email, then nothing', () => {
      expect(given({}, { patient: { ...reachable, channels: [] } })).toEqual([]);
    });
  });

  it('is pure: every dueAt is at or after the moment the reminder became necessary, and outside quiet hours', () => {
    for (const start of ['2027-03-02T07:00:00-05:00', '2027-03-02T16:00:00-05:00']) {
      for (const planned of given({ start, anticoagulant: 'dabigatran' })) {
        const local = DateTime.fromISO(planned.dueAt, { setZone: true });
        expect(local.hour >= 8 && local.hour < 21).toBe(true);
      }
    }
  });
});
