import {
  aClinicalPolicy,
  blockBooked,
  blockOutcomeRecorded,
  blockPerformed,
  closeSeriesCommand,
  given,
  grantCapOverrideCommand,
  issueReferralCommand,
  openSeriesCommand,
  seriesOpened,
  seriesStory,
  shifted,
} from '@app/testing';
import { treatmentSeriesDecider as series } from './treatment-series.decider';
import { assertBlockCanBeBooked } from './treatment-series.rules';
import { recommendNextStep } from './recommendation';
import type { TreatmentSeriesCommand } from './treatment-series.commands';

describe('a treatment series', () => {
  describe('opening', () => {
    it('a physician opens a prognostic series for left CRPS I, under the clinic policy', () => {
      const policy = aClinicalPolicy();
      given(series, [])
        .when(openSeriesCommand({ policy }))
        .then([seriesOpened({ policy })]);
    });

    it('the rehabilitation flag defaults to false and an ICD-10 code is optional', () => {
      const command = openSeriesCommand({ icd10: null });
      delete command.data.rehabilitationProgramme;
      given(series, [])
        .when(command)
        .then([seriesOpened({ icd10: null, rehabilitationProgramme: false })]);
    });

    it('a malformed ICD-10 code is refused', () => {
      given(series, [])
        .when(openSeriesCommand({ icd10: 'crps' }))
        .thenThrows('invalid-icd10');
    });

    it('the same series cannot be opened twice', () => {
      given(series, [seriesOpened()]).when(openSeriesCommand()).thenThrows('series-already-exists');
    });

    it('a series records the policy it was opened under: a later policy change does not rewrite it', () => {
      const old = aClinicalPolicy({ version: 'v1', tempRiseMinC: 1.5 });
      const story = seriesStory({ policy: old }).booked().checkedIn();
      // 1.6 °C: a success under the recorded policy (1.5), a failure under today's default (2.0).
      const events = given(series, story.events)
        .when(story.performCommand({ baselineTempC: 30.0, peakTempC: 31.6 }))
        .events();
      expect(events[1]).toMatchObject({
        type: 'BlockOutcomeRecorded',
        data: { technicalSuccess: true, policyVersion: 'v1' },
      });
    });
  });

  describe('commands on a series that does not exist', () => {
    it.each<TreatmentSeriesCommand>([
      seriesStory().bookCommand(),
      grantCapOverrideCommand(),
      issueReferralCommand(),
      closeSeriesCommand(),
    ])('$type → series-not-found', (command) => {
      given(series, []).when(command).thenThrows('series-not-found');
    });

    it('an appointment command on an unknown series → series-not-found', () => {
      const story = seriesStory().booked();
      given(series, []).when(story.checkInCommand()).thenThrows('series-not-found');
    });

    it('an unknown appointment → appointment-not-found', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.checkInCommand({ appointmentId: 'nope' }))
        .thenThrows('appointment-not-found');
    });
  });

  describe('booking a block', () => {
    it('the front desk books the first block: block number 1', () => {
      const story = seriesStory();
      const command = story.bookCommand({ anticoagulant: 'apixaban', sedation: false });
      given(series, story.events)
        .when(command)
        .then([
          blockBooked({
            appointmentId: command.data.appointmentId,
            start: command.data.start,
            end: command.data.end,
            clinicDate: command.data.clinicDate,
            anticoagulant: 'apixaban',
            sedation: false,
            bookedAt: command.data.now,
          }),
        ]);
    });

    it('a retried booking of the same slot writes nothing; the same id for another slot conflicts', () => {
      const story = seriesStory().booked();
      const { appointmentId, start } = story.block;
      given(series, story.events)
        .when(story.bookCommand({ appointmentId, start, now: shifted(start, { days: -7 }) }))
        .thenNothingHappens();
      given(series, story.events)
        .when(story.bookCommand({ appointmentId, start: shifted(start, { hours: 2 }) }))
        .thenThrows('appointment-already-exists');
    });

    it('one block at a time: not while another block is booked and not done', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.bookCommand({ start: shifted(story.block.start, { days: 14 }) }))
        .thenThrows('block-already-booked');
      story.checkedIn();
      given(series, story.events)
        .when(story.bookCommand({ start: shifted(story.block.start, { days: 14 }) }))
        .thenThrows('block-already-booked');
    });

    it('the next block once the previous one is performed (not yet discharged) is number 2', () => {
      const story = seriesStory().booked().checkedIn().performed('positive');
      const events = given(series, story.events).when(story.bookCommand()).events();
      expect(events[0]).toMatchObject({ type: 'BlockBooked', data: { blockNumber: 2 } });
    });

    it('a cancelled or no-show block does not use up a number', () => {
      const story = seriesStory().booked().cancelled().booked().noShow();
      const events = given(series, story.events).when(story.bookCommand()).events();
      expect(events[0]).toMatchObject({ data: { blockNumber: 1, appointmentId: 'appointment-3' } });
    });

    it('not in the past', () => {
      const story = seriesStory();
      given(series, story.events)
        .when(story.bookCommand({ now: shifted(story.nextStart(), { minutes: 1 }) }))
        .thenThrows('in-the-past');
    });

    it('not in a closed series, nor in a referred one', () => {
      const closed = seriesStory().blockDone('positive').closed();
      given(series, closed.events).when(closed.bookCommand()).thenThrows('series-not-open');
      const referred = seriesStory().blockDone('positive').referred();
      given(series, referred.events).when(referred.bookCommand()).thenThrows('series-not-open');
    });

    describe('the minimum interval (7 days, clinic dates)', () => {
      it('exactly 7 days after the previous block is allowed', () => {
        const story = seriesStory().blockDone('positive');
        given(series, story.events)
          .when(story.bookCommand({ start: shifted(story.block.start, { days: 7 }) }))
          .events();
      });

      it('6 days after is refused, naming the earliest date', () => {
        const story = seriesStory().blockDone('positive');
        const day6 = shifted(story.block.start, { days: 6 });
        given(series, story.events)
          .when(story.bookCommand({ start: day6 }))
          .thenThrows('min-interval');
        expect(() => series.decide(story.bookCommand({ start: day6 }), story.state())).toThrow(
          'the earliest date is 2027-03-09',
        );
      });

      it('counts clinic dates, so 7 days across the March DST change is 7 days (6 d 23 h)', () => {
        // Tuesday 9 March 09:00 EST → Tuesday 16 March 08:00 EDT: 6 days 23 hours elapsed.
        const story = seriesStory().blockDone('positive', { start: '2027-03-09T09:00:00-05:00' });
        given(series, story.events)
          .when(story.bookCommand({ start: '2027-03-16T08:00:00-04:00' }))
          .events();
      });

      it('counts from a technically failed block too (it was performed)', () => {
        const story = seriesStory().blockDone('technical-failure');
        given(series, story.events)
          .when(story.bookCommand({ start: shifted(story.block.start, { days: 3 }) }))
          .thenThrows('min-interval');
      });

      it('not from a cancelled or no-show block', () => {
        const story = seriesStory().booked().noShow();
        given(series, story.events)
          .when(story.bookCommand({ start: shifted(story.block.start, { days: 1 }) }))
          .events();
      });

      it('the policy sets the interval', () => {
        const story = seriesStory({ policy: aClinicalPolicy({ minIntervalDays: 14 }) }).blockDone();
        given(series, story.events)
          .when(story.bookCommand({ start: shifted(story.block.start, { days: 10 }) }))
          .thenThrows('min-interval');
      });
    });

    describe('the initial-series cap (3 blocks; bilateral counts as two)', () => {
      it('a fourth block is refused', () => {
        const story = seriesStory().blockDone().blockDone().blockDone();
        given(series, story.events).when(story.bookCommand()).thenThrows('initial-series-cap');
      });

      it('a technical failure is repeated and does not use up the initial series', () => {
        const story = seriesStory().blockDone('technical-failure').blockDone().blockDone();
        given(series, story.events).when(story.bookCommand()).events();
      });

      it('a bilateral series: the second bilateral block would be four procedures', () => {
        const story = seriesStory({ side: 'bilateral' }).blockDone();
        given(series, story.events).when(story.bookCommand()).thenThrows('initial-series-cap');
      });

      it('a patient in a rehabilitation programme is not capped at the initial series', () => {
        const story = seriesStory({ rehabilitationProgramme: true })
          .blockDone()
          .blockDone()
          .blockDone();
        given(series, story.events).when(story.bookCommand()).events();
      });

      it('a physician overrides the cap, with a reason; the override is recorded', () => {
        const story = seriesStory().blockDone().blockDone().blockDone();
        const granted = given(series, story.events)
          .when(grantCapOverrideCommand({ reason: 'payer approved a fourth block' }))
          .events();
        expect(granted).toEqual([
          {
            type: 'CapOverrideGranted',
            data: {
              seriesId: 'series-1',
              cap: 'initial-series',
              reason: 'payer approved a fourth block',
              grantedAt: '2027-03-10T10:00:00-05:00',
            },
          },
        ]);
        given(series, [...story.events, ...granted])
          .when(story.bookCommand())
          .events();
      });
    });

    describe('the yearly cap (6 in 12 months; technical failures count; bilateral counts two)', () => {
      const rehab = { rehabilitationProgramme: true };

      it('a seventh block within 12 months is refused', () => {
        const story = seriesStory(rehab);
        for (let i = 0; i < 6; i++) story.blockDone('positive');
        given(series, story.events).when(story.bookCommand()).thenThrows('yearly-cap');
      });

      it('technical failures count toward it', () => {
        const story = seriesStory(rehab);
        for (let i = 0; i < 3; i++) story.blockDone('technical-failure').blockDone('positive');
        given(series, story.events).when(story.bookCommand()).thenThrows('yearly-cap');
      });

      it('bilateral: three bilateral blocks are six procedures', () => {
        const story = seriesStory({ ...rehab, side: 'bilateral' });
        for (let i = 0; i < 3; i++) story.blockDone('positive');
        given(series, story.events).when(story.bookCommand()).thenThrows('yearly-cap');
      });

      it('a rolling window: 12 months after the first block it no longer counts', () => {
        const story = seriesStory(rehab);
        for (let i = 0; i < 6; i++) story.blockDone('positive');
        const first = '2027-03-02T09:00:00-05:00';
        given(series, story.events)
          .when(story.bookCommand({ start: shifted(first, { months: 12, days: 1 }) }))
          .events();
        given(series, story.events)
          .when(story.bookCommand({ start: shifted(first, { months: 12 }) }))
          .events();
        given(series, story.events)
          .when(story.bookCommand({ start: shifted(first, { months: 12, days: -1 }) }))
          .thenThrows('yearly-cap');
      });

      it('an override lifts it', () => {
        const story = seriesStory(rehab);
        for (let i = 0; i < 6; i++) story.blockDone('positive');
        story.capOverride('yearly');
        given(series, story.events).when(story.bookCommand()).events();
      });

      it('overriding the same cap twice records it once; overriding needs a reason and an open series', () => {
        const story = seriesStory().capOverride('yearly');
        given(series, story.events)
          .when(grantCapOverrideCommand({ cap: 'yearly' }))
          .thenNothingHappens();
        given(series, story.events)
          .when(grantCapOverrideCommand({ reason: '  ' }))
          .thenThrows('reason-required');
        given(series, story.closed().events)
          .when(grantCapOverrideCommand())
          .thenThrows('series-not-open');
      });
    });

    it('assertBlockCanBeBooked checks all of it before a slot is reserved', () => {
      const story = seriesStory().blockDone();
      expect(() =>
        assertBlockCanBeBooked(story.state(), story.bookCommand({ start: story.block.start })),
      ).toThrow(
        expect.objectContaining({ code: 'min-interval', kind: 'rule', rule: 'min-interval' }),
      );
      expect(() => assertBlockCanBeBooked(story.state(), story.bookCommand())).not.toThrow();
    });
  });

  describe('rescheduling a block', () => {
    it('moves a booked block, remembering where it was', () => {
      const story = seriesStory().booked();
      const to = '2027-03-03T11:00:00-05:00';
      given(series, story.events)
        .when(story.rescheduleCommand(to, { roomId: 'fluoro-room-2', physicianId: 'physician-2' }))
        .then([
          {
            type: 'BlockRescheduled',
            data: {
              seriesId: 'series-1',
              appointmentId: 'appointment-1',
              physicianId: 'physician-2',
              roomId: 'fluoro-room-2',
              start: to,
              end: '2027-03-03T12:00:00-05:00',
              clinicDate: '2027-03-03',
              previousStart: '2027-03-02T09:00:00-05:00',
              previousClinicDate: '2027-03-02',
              rescheduledAt: '2027-02-27T09:00:00-05:00',
            },
          },
        ]);
    });

    it('to the same slot again: nothing new (a retry)', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.rescheduleCommand(story.block.start))
        .thenNothingHappens();
    });

    it('re-checks the interval against the other blocks, not against itself', () => {
      const story = seriesStory().blockDone().booked();
      given(series, story.events)
        .when(story.rescheduleCommand(shifted(story.block.start, { days: 1 })))
        .events();
      given(series, story.events)
        .when(story.rescheduleCommand(shifted(story.block.start, { days: -1 })))
        .thenThrows('min-interval');
    });

    it('not into the past; not once the patient is checked in', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.rescheduleCommand('2027-02-01T09:00:00-05:00'))
        .thenThrows('in-the-past');
      story.checkedIn();
      given(series, story.events)
        .when(story.rescheduleCommand(shifted(story.block.start, { days: 1 })))
        .thenThrows('invalid-transition');
    });
  });

  describe('cancelling and no-shows', () => {
    it('the front desk cancels a booked block, with a reason', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.cancelCommand({ reason: 'fever' }))
        .then([
          {
            type: 'BlockCancelled',
            data: {
              seriesId: 'series-1',
              appointmentId: 'appointment-1',
              reason: 'fever',
              cancelledAt: '2027-02-28T09:00:00-05:00',
            },
          },
        ]);
      given(series, story.events)
        .when(story.cancelCommand({ reason: '' }))
        .thenThrows('reason-required');
    });

    it('a checked-in patient can be deferred (cancelled); a performed block cannot be cancelled', () => {
      const story = seriesStory().booked().checkedIn();
      given(series, story.events).when(story.cancelCommand()).events();
      story.performed();
      given(series, story.events).when(story.cancelCommand()).thenThrows('invalid-transition');
    });

    it('a cancelled block cannot be cancelled again', () => {
      const story = seriesStory().booked().cancelled();
      given(series, story.events).when(story.cancelCommand()).thenThrows('invalid-transition');
    });

    it('a no-show is recorded once the start has passed', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.noShowCommand())
        .then([
          {
            type: 'NoShowRecorded',
            data: {
              seriesId: 'series-1',
              appointmentId: 'appointment-1',
              recordedAt: '2027-03-02T09:30:00-05:00',
            },
          },
        ]);
      given(series, story.events)
        .when(story.noShowCommand({ now: '2027-03-02T08:59:00-05:00' }))
        .thenThrows('no-show-too-early');
    });

    it('a checked-in patient is not a no-show', () => {
      const story = seriesStory().booked().checkedIn();
      given(series, story.events).when(story.noShowCommand()).thenThrows('invalid-transition');
    });
  });

  describe('checking in', () => {
    it('a sedated patient with an escort and fasting checks in on the day', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.checkInCommand())
        .then([
          {
            type: 'PatientCheckedIn',
            data: {
              seriesId: 'series-1',
              appointmentId: 'appointment-1',
              escortPresent: true,
              fastingConfirmed: true,
              anticoagulantHeld: true,
              checkedInAt: '2027-03-02T08:30:00-05:00',
            },
          },
        ]);
    });

    it('no escort, no procedure under sedation', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.checkInCommand({ escortPresent: false }))
        .thenThrows('escort-required');
    });

    it('fasting must be confirmed under sedation', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.checkInCommand({ fastingConfirmed: false }))
        .thenThrows('fasting-not-confirmed');
    });

    it('without sedation neither escort nor fasting is required', () => {
      const story = seriesStory().booked({ sedation: false });
      given(series, story.events)
        .when(story.checkInCommand({ escortPresent: false, fastingConfirmed: false }))
        .events();
    });

    it('an anticoagulant that was not held defers the block', () => {
      const story = seriesStory().booked({ anticoagulant: 'clopidogrel' });
      given(series, story.events)
        .when(story.checkInCommand({ anticoagulantHeld: false }))
        .thenThrows('anticoagulant-not-held');
      given(series, story.events)
        .when(story.checkInCommand({ anticoagulantHeld: true }))
        .events();
    });

    it('aspirin (physician decides) and no anticoagulant do not refuse check-in', () => {
      const aspirin = seriesStory().booked({ anticoagulant: 'aspirin' });
      given(series, aspirin.events)
        .when(aspirin.checkInCommand({ anticoagulantHeld: false }))
        .events();
      const none = seriesStory().booked();
      given(series, none.events)
        .when(none.checkInCommand({ anticoagulantHeld: false }))
        .events();
    });

    it('only on the appointment day, in clinic time', () => {
      const story = seriesStory().booked();
      given(series, story.events)
        .when(story.checkInCommand({ now: '2027-03-01T16:00:00-05:00' }))
        .thenThrows('not-appointment-day');
      // 2 March 00:30 EST is still 1 March in Los Angeles but 2 March in New York.
      given(series, story.events)
        .when(story.checkInCommand({ now: '2027-03-02T05:30:00Z' }))
        .events();
      given(series, story.events)
        .when(story.checkInCommand({ now: '2027-03-03T04:59:00Z' }))
        .events();
      given(series, story.events)
        .when(story.checkInCommand({ now: '2027-03-03T05:00:00Z' }))
        .thenThrows('not-appointment-day');
    });

    it('not twice', () => {
      const story = seriesStory().booked().checkedIn();
      given(series, story.events).when(story.checkInCommand()).thenThrows('invalid-transition');
    });
  });

  describe('recording the block', () => {
    it('the physician records the block: the procedure and its judgement in one append', () => {
      const story = seriesStory().booked().checkedIn();
      given(series, story.events)
        .when(
          story.performCommand({
            levels: ['L2'],
            baselineTempC: 34.0,
            peakTempC: 36.0,
            contralateralBaselineTempC: 33.8,
            contralateralPeakTempC: 34.0,
            painBefore: 10,
            painAfter: 5,
          }),
        )
        .then([
          blockPerformed({
            levels: ['L2'],
            baselineTempC: 34.0,
            peakTempC: 36.0,
            contralateralBaselineTempC: 33.8,
            contralateralPeakTempC: 34.0,
            painBefore: 10,
            painAfter: 5,
          }),
          blockOutcomeRecorded({
            technicalSuccess: true,
            temperatureRiseC: 2.0,
            reliefPct: 50,
            classification: 'positive',
          }),
        ]);
    });

    it('only after check-in', () => {
      const story = seriesStory().booked();
      given(series, story.events).when(story.performCommand()).thenThrows('invalid-transition');
    });

    it('only on the appointment day', () => {
      const story = seriesStory().booked().checkedIn();
      given(series, story.events)
        .when(story.performCommand({ now: '2027-03-03T09:30:00-05:00' }))
        .thenThrows('not-appointment-day');
    });

    it('not twice', () => {
      const story = seriesStory().booked().checkedIn().performed();
      given(series, story.events).when(story.performCommand()).thenThrows('invalid-transition');
    });

    it('on the side of the series', () => {
      const story = seriesStory({ side: 'left' }).booked().checkedIn();
      given(series, story.events)
        .when(story.performCommand({ side: 'right' }))
        .thenThrows('side-mismatch');
    });

    it.each([
      ['no level', { levels: [] }],
      ['a repeated level', { levels: ['L2', 'L2'] }],
      ['an unknown level', { levels: ['T12'] }],
      ['pain above 10', { painBefore: 11 }],
      ['a fractional pain score', { painAfter: 2.5 }],
      ['a negative pain score', { painAfter: -1 }],
      ['an impossible temperature', { peakTempC: 60 }],
      ['a temperature that is not a number', { baselineTempC: Number.NaN }],
      ['half of the contralateral pair', { contralateralPeakTempC: null }],
    ])('refuses %s', (_what, data) => {
      const story = seriesStory().booked().checkedIn();
      given(series, story.events)
        .when(story.performCommand(data as never))
        .thenThrows('invalid-measurement');
    });

    it('a bilateral block without the other foot measured is judged on the measured foot', () => {
      const story = seriesStory({ side: 'bilateral' }).booked().checkedIn();
      const events = given(series, story.events)
        .when(
          story.performCommand({ contralateralBaselineTempC: null, contralateralPeakTempC: null }),
        )
        .events();
      expect(events[1]).toMatchObject({ data: { technicalSuccess: true } });
    });
  });

  describe('discharge', () => {
    it('home with Aldrete 9, PADSS 9 and an escort after sedation', () => {
      const story = seriesStory().booked().checkedIn().performed();
      given(series, story.events)
        .when(story.dischargeCommand({ aldreteScore: 9, padssScore: 9 }))
        .then([
          {
            type: 'PatientDischarged',
            data: {
              seriesId: 'series-1',
              appointmentId: 'appointment-1',
              aldreteScore: 9,
              padssScore: 9,
              escortPresent: true,
              disposition: 'home',
              dischargedAt: '2027-03-02T10:30:00-05:00',
            },
          },
        ]);
    });

    it.each([
      ['Aldrete 8', { aldreteScore: 8 }, 'an Aldrete score of at least 9'],
      ['PADSS 8', { padssScore: 8 }, 'a PADSS score of at least 9'],
      [
        'no escort after sedation',
        { escortPresent: false },
        'an adult escort present after sedation',
      ],
    ])('not home with %s', (_what, data, unmet) => {
      const story = seriesStory().booked().checkedIn().performed();
      given(series, story.events)
        .when(story.dischargeCommand(data))
        .thenThrows('discharge-criteria-not-met');
      expect(() => series.decide(story.dischargeCommand(data), story.state())).toThrow(unmet);
    });

    it('without sedation, home without an escort', () => {
      const story = seriesStory().booked({ sedation: false }).checkedIn();
      const performed = given(series, story.events)
        .when(story.performCommand({ sedationGiven: false }))
        .events();
      given(series, [...story.events, ...performed])
        .when(story.dischargeCommand({ escortPresent: false }))
        .events();
    });

    it('a patient who does not meet the criteria may be admitted', () => {
      const story = seriesStory().booked().checkedIn().performed();
      given(series, story.events)
        .when(
          story.dischargeCommand({
            aldreteScore: 6,
            padssScore: 5,
            escortPresent: false,
            disposition: 'admitted',
          }),
        )
        .events();
    });

    it('home only after the recovery observation (30 minutes after the block)', () => {
      const story = seriesStory().booked().checkedIn().performed(); // performed at 09:30
      given(series, story.events)
        .when(story.dischargeCommand({ now: '2027-03-02T09:59:00-05:00' }))
        .thenThrows('recovery-not-complete');
      given(series, story.events)
        .when(story.dischargeCommand({ now: '2027-03-02T10:00:00-05:00' }))
        .events();
    });

    it('scores are whole numbers from 0 to 10', () => {
      const story = seriesStory().booked().checkedIn().performed();
      given(series, story.events)
        .when(story.dischargeCommand({ aldreteScore: 11 }))
        .thenThrows('invalid-measurement');
      given(series, story.events)
        .when(story.dischargeCommand({ padssScore: 9.5, disposition: 'admitted' }))
        .thenThrows('invalid-measurement');
    });

    it('only after the block, on its day, once', () => {
      const checkedIn = seriesStory().booked().checkedIn();
      given(series, checkedIn.events)
        .when(checkedIn.dischargeCommand())
        .thenThrows('invalid-transition');
      const performed = seriesStory().booked().checkedIn().performed();
      given(series, performed.events)
        .when(performed.dischargeCommand({ now: '2027-03-03T08:00:00-05:00' }))
        .thenThrows('not-appointment-day');
      const discharged = performed.discharged();
      given(series, discharged.events)
        .when(discharged.dischargeCommand())
        .thenThrows('invalid-transition');
    });
  });

  describe('follow-up', () => {
    it('the nurse records pain at day 7 and how long relief lasted', () => {
      const story = seriesStory().blockDone();
      given(series, story.events)
        .when(story.followUpCommand({ daysAfter: 7, painScore: 3, reliefLastedHours: 36 }))
        .then([
          {
            type: 'FollowUpRecorded',
            data: {
              seriesId: 'series-1',
              appointmentId: 'appointment-1',
              daysAfter: 7,
              painScore: 3,
              reliefLastedHours: 36,
              recordedAt: '2027-03-09T09:00:00-05:00',
            },
          },
        ]);
    });

    it('also after the series was referred or closed, and before discharge', () => {
      const performed = seriesStory().booked().checkedIn().performed();
      given(series, performed.events).when(performed.followUpCommand()).events();
      const closed = seriesStory().blockDone().referred().closed();
      given(series, closed.events)
        .when(closed.followUpCommand({ daysAfter: 28 }))
        .events();
    });

    it('not for a block that was not done', () => {
      const story = seriesStory().booked();
      given(series, story.events).when(story.followUpCommand()).thenThrows('block-not-performed');
      story.cancelled();
      given(series, story.events).when(story.followUpCommand()).thenThrows('block-not-performed');
    });

    it.each([
      [{ daysAfter: -1 }],
      [{ daysAfter: 1.5 }],
      [{ painScore: 12 }],
      [{ reliefLastedHours: -2 }],
      [{ reliefLastedHours: Number.POSITIVE_INFINITY }],
    ])('refuses %j', (data) => {
      const story = seriesStory().blockDone();
      given(series, story.events)
        .when(story.followUpCommand(data))
        .thenThrows('invalid-measurement');
    });
  });

  describe('referral', () => {
    it('after two positive prognostic blocks the physician refers for radiofrequency ablation', () => {
      const story = seriesStory().blockDone().blockDone();
      expect(recommendNextStep(story.state())).toMatchObject({ action: 'refer-rfa' });
      const state = given(series, story.events)
        .when(issueReferralCommand({ note: 'L2-L3 RF' }))
        .stateAfter();
      expect(state).toMatchObject({
        status: 'referred',
        referrals: [
          { modality: 'radiofrequency', note: 'L2-L3 RF', issuedAt: '2027-03-20T10:00:00-04:00' },
        ],
      });
      expect(recommendNextStep(state)).toBeNull();
    });

    it('a referred series may receive another referral (another modality)', () => {
      const story = seriesStory().blockDone().referred();
      given(series, story.events)
        .when(issueReferralCommand({ modality: 'phenol' }))
        .then([
          {
            type: 'ReferralIssued',
            data: {
              seriesId: 'series-1',
              modality: 'phenol',
              note: null,
              issuedAt: '2027-03-20T10:00:00-04:00',
            },
          },
        ]);
    });

    it('not while a block is booked; not in a closed series', () => {
      const booked = seriesStory().booked();
      given(series, booked.events).when(issueReferralCommand()).thenThrows('block-still-booked');
      const closed = seriesStory().closed();
      given(series, closed.events).when(issueReferralCommand()).thenThrows('series-not-open');
    });
  });

  describe('closing', () => {
    it('the physician closes the series with a reason', () => {
      const story = seriesStory().blockDone('not-sympathetically-mediated');
      const state = given(series, story.events)
        .when(closeSeriesCommand({ reason: 'not sympathetically mediated' }))
        .stateAfter();
      expect(state).toMatchObject({
        status: 'closed',
        closeReason: 'not sympathetically mediated',
      });
      expect(recommendNextStep(state)).toBeNull();
    });

    it('a referred series can be closed; a referral after closing is recorded but keeps it closed', () => {
      const story = seriesStory().blockDone().referred();
      given(series, story.events).when(closeSeriesCommand()).events();
      const closed = story.closed();
      const evolved = series.evolve(closed.state(), {
        type: 'ReferralIssued',
        data: {
          seriesId: 'series-1',
          modality: 'alcohol',
          note: null,
          issuedAt: '2027-05-01T10:00:00-04:00',
        },
      });
      expect(evolved.status).toBe('closed');
    });

    it('not twice, not without a reason, not while a block is booked', () => {
      given(series, seriesStory().closed().events)
        .when(closeSeriesCommand())
        .thenThrows('series-already-closed');
      given(series, seriesStory().events)
        .when(closeSeriesCommand({ reason: '' }))
        .thenThrows('reason-required');
      given(series, seriesStory().booked().events)
        .when(closeSeriesCommand())
        .thenThrows('block-still-booked');
    });
  });

  describe('evolve', () => {
    it('ignores events before the series is opened and events of unknown appointments', () => {
      const state = series.evolve(series.initialState(), blockBooked());
      expect(state).toEqual({ status: 'not-opened' });
      const story = seriesStory().booked();
      const before = story.state();
      expect(series.evolve(before, blockPerformed({ appointmentId: 'other' }))).toEqual(before);
    });

    it('ignores a step that does not follow the one before it (a corrupt or reordered log)', () => {
      const story = seriesStory().booked();
      const before = story.state();
      for (const event of [
        blockPerformed(),
        blockOutcomeRecorded(),
        {
          type: 'PatientDischarged',
          data: {
            seriesId: 'series-1',
            appointmentId: 'appointment-1',
            aldreteScore: 10,
            padssScore: 10,
            escortPresent: true,
            disposition: 'home',
            dischargedAt: '2027-03-02T10:30:00-05:00',
          },
        },
        {
          type: 'FollowUpRecorded',
          data: {
            seriesId: 'series-1',
            appointmentId: 'appointment-1',
            daysAfter: 7,
            painScore: 3,
            reliefLastedHours: 3,
            recordedAt: '2027-03-09T10:00:00-05:00',
          },
        },
      ] as const) {
        expect(series.evolve(before, event as never)).toEqual(before);
      }
      const done = seriesStory().blockDone().state();
      for (const type of [
        'BlockRescheduled',
        'BlockCancelled',
        'NoShowRecorded',
        'PatientCheckedIn',
      ] as const) {
        const event = { type, data: { seriesId: 'series-1', appointmentId: 'appointment-1' } };
        expect(series.evolve(done, event as never)).toEqual(done);
      }
    });

    it('tolerates an event type it does not know (written by a newer version)', () => {
      const state = seriesStory().state();
      expect(series.evolve(state, { type: 'SomethingNew', data: {} } as never)).toEqual(state);
    });

    it('decide refuses an unknown command and a `now` that is not an instant', () => {
      expect(() =>
        series.decide(
          { type: 'Nope', data: { now: '2027-03-01T09:00:00Z' } } as never,
          series.initialState(),
        ),
      ).toThrow('Unknown command Nope');
      given(series, [])
        .when(openSeriesCommand({ now: 'yesterday' }))
        .thenThrows('invalid-instant');
    });
  });
});
