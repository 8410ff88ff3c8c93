import {
  APPOINTMENT_ID,
  BLOCK_DATE,
  BLOCK_START,
  BOOKED_AT,
  OTHER_ROOM_ID,
  PHYSICIAN_ID,
  ROOM_ID,
  SERIES_ID,
  aClinicCalendar,
  aClinicalPolicy,
  blockBooked,
  blockCancelled,
  blockOutcomeRecorded,
  blockPerformed,
  blockRescheduled,
  dayRead,
  failed,
  givenBooking,
  patientCheckedIn,
  refused,
  seriesClosed,
  seriesOpened,
  seriesRead,
  slotReleased,
  slotReserved,
  written,
} from '@app/testing';
import { InvalidTransitionError } from '../appointment/appointment.errors';
import {
  ReservationNotFoundError,
  SlotTakenError,
  WrongClinicDayError,
} from '../clinic-day/clinic-day.errors';
import { InThePastError } from '../shared/domain-error';
import { SeriesNotOpenError } from '../treatment-series/treatment-series.errors';
import type { BookBlockRequest } from './book-block.flow';
import { bookingWorkflow } from './booking.workflow';
import type { CancelBlockRequest } from './cancel-block.flow';
import { SLOT_LOST_REASON } from './keep-slot.flow';
import type { RescheduleBlockRequest } from './reschedule-block.flow';
import type { SettleReservationRequest } from './settle-reservation.flow';
import { refusalOf } from './refusal';

const NEXT_DAY = '2027-03-03';
const NEXT_DAY_START = '2027-03-03T09:00:00-05:00';
const LATER_SAME_DAY = '2027-03-02T11:00:00-05:00';

function aBooking(overrides: Partial<BookBlockRequest> = {}): BookBlockRequest {
  return {
    type: 'book',
    seriesId: SERIES_ID,
    appointmentId: APPOINTMENT_ID,
    physicianId: PHYSICIAN_ID,
    roomId: ROOM_ID,
    start: BLOCK_START,
    sedation: true,
    anticoagulant: null,
    calendar: aClinicCalendar(),
    clinicPolicy: aClinicalPolicy(),
    now: BOOKED_AT,
    ...overrides,
  };
}

function aMove(overrides: Partial<RescheduleBlockRequest> = {}): RescheduleBlockRequest {
  return {
    type: 'reschedule',
    seriesId: SERIES_ID,
    appointmentId: APPOINTMENT_ID,
    start: NEXT_DAY_START,
    calendar: aClinicCalendar(),
    now: BOOKED_AT,
    ...overrides,
  };
}

function aCancellation(overrides: Partial<CancelBlockRequest> = {}): CancelBlockRequest {
  return {
    type: 'cancel',
    seriesId: SERIES_ID,
    appointmentId: APPOINTMENT_ID,
    reason: 'patient has a cold',
    now: BOOKED_AT,
    ...overrides,
  };
}

/** A reservation of 09:00 on BLOCK_DATE that its series does not confirm (as the views list it). */
function aSettlement(
  reservation: Partial<SettleReservationRequest['reservation']> = {},
): SettleReservationRequest {
  return {
    type: 'settle',
    reservation: {
      appointmentId: APPOINTMENT_ID,
      seriesId: SERIES_ID,
      clinicDate: BLOCK_DATE,
      physicianId: PHYSICIAN_ID,
      roomId: ROOM_ID,
      start: BLOCK_START,
      ...reservation,
    },
    calendar: aClinicCalendar(),
    now: BOOKED_AT,
  };
}

const opened = seriesOpened();
const booked = blockBooked();
const bookedSeries = [opened, booked];
const heldDay = [slotReserved()];
const releasedDay = [slotReserved(), slotReleased({ reason: 'booking-abandoned' })];
const slotLost = blockCancelled({ reason: SLOT_LOST_REASON });

describe('the booking workflow', () => {
  describe('booking a block', () => {
    it('reads the series, reserves the physician and the room, confirms in the series', () => {
      givenBooking(aBooking())
        .answered(seriesRead([opened]), written(), written({ series: bookedSeries }))
        .thenAsked(
          'read the series as confirm sees it',
          'reserve on 2027-03-02',
          'confirm in the series',
          'done: booked',
        );
    });

    it('the booked answer carries the slot in the clinic offset', () => {
      const { next } = givenBooking(aBooking({ start: '2027-03-02T14:00:00Z' })).answered(
        seriesRead([opened]),
        written(),
        written(),
      );
      expect(next).toEqual({
        type: 'done',
        outcome: {
          type: 'booked',
          appointmentId: APPOINTMENT_ID,
          slot: { start: BLOCK_START, end: '2027-03-02T10:00:00-05:00', clinicDate: BLOCK_DATE },
        },
      });
    });

    it('an unknown series is refused before the calendar is touched', () => {
      givenBooking(aBooking())
        .answered(seriesRead([]))
        .thenAsked('read the series as confirm sees it', 'refused: series-not-found');
    });

    it('a closed series is refused before the calendar is touched', () => {
      givenBooking(aBooking())
        .answered(seriesRead([opened, seriesClosed()]))
        .thenAsked('read the series as confirm sees it', 'refused: series-not-open');
    });

    it('a start that is not an instant is refused', () => {
      givenBooking(aBooking({ start: 'tuesday' }))
        .answered(seriesRead([opened]))
        .thenAsked('read the series as confirm sees it', 'refused: invalid-instant');
    });

    it('the physician or the room is taken: slot-taken, nothing confirmed', () => {
      givenBooking(aBooking())
        .answered(seriesRead([opened]), refused(new SlotTakenError('room')))
        .thenAsked(
          'read the series as confirm sees it',
          'reserve on 2027-03-02',
          'refused: slot-taken',
        );
    });

    it('the series changed between the check and the confirmation: the slot is given back, the refusal reported', () => {
      givenBooking(aBooking())
        .answered(
          seriesRead([opened]),
          written(),
          refused(new SeriesNotOpenError('closed')),
          written(),
        )
        .thenAsked(
          'read the series as confirm sees it',
          'reserve on 2027-03-02',
          'confirm in the series',
          'abandon on 2027-03-02 (booking-abandoned)',
          'refused: series-not-open',
        );
    });

    it('a refused give-back still reports why the series refused', () => {
      givenBooking(aBooking())
        .answered(
          seriesRead([opened]),
          written(),
          refused(new SeriesNotOpenError('closed')),
          refused(new ReservationNotFoundError()),
        )
        .thenAsked(
          'read the series as confirm sees it',
          'reserve on 2027-03-02',
          'confirm in the series',
          'abandon on 2027-03-02 (booking-abandoned)',
          'refused: series-not-open',
        );
    });

    describe('a retried request (the same Idempotency-Key)', () => {
      /** Found its reservation held, confirmed, then looked again: the reconciler had released it. */
      const confirmedThenLookedAgain = [
        seriesRead([opened]),
        written({ replayed: true }),
        dayRead(heldDay),
        written({ series: bookedSeries }),
        seriesRead(bookedSeries),
        dayRead(releasedDay),
      ];
      const askedUntilTheLookAgain = [
        'read the series as confirm sees it',
        'reserve on 2027-03-02',
        'read the day 2027-03-02',
        'confirm in the series',
        'read the series',
        'read the day 2027-03-02',
      ];

      it('that had booked: the same answer, nothing written, even after the block moved on', () => {
        givenBooking(aBooking())
          .answered(seriesRead([opened, booked, patientCheckedIn()], { alreadyRan: true }))
          .thenAsked('read the series as confirm sees it', 'done: booked');
      });

      it('that had booked, the block since cancelled because it lost its slot: reservation-released', () => {
        givenBooking(aBooking())
          .answered(seriesRead([opened, booked, slotLost], { alreadyRan: true }))
          .thenAsked('read the series as confirm sees it', 'refused: reservation-released');
      });

      it('interrupted after reserving, its reservation since released by the reconciler: books nothing', () => {
        givenBooking(aBooking())
          .answered(seriesRead([opened]), written({ replayed: true }), dayRead(releasedDay))
          .thenAsked(
            'read the series as confirm sees it',
            'reserve on 2027-03-02',
            'read the day 2027-03-02',
            'refused: reservation-released',
          );
      });

      it('interrupted after reserving, the reservation still held: confirms, then looks again (held)', () => {
        givenBooking(aBooking())
          .answered(
            seriesRead([opened]),
            written({ replayed: true }),
            dayRead(heldDay),
            written({ series: bookedSeries }),
            seriesRead(bookedSeries),
            dayRead(heldDay),
          )
          .thenAsked(...askedUntilTheLookAgain, 'done: booked');
      });

      it('the reconciler released the slot between its look and its confirmation, the slot still free: reserves it again', () => {
        givenBooking(aBooking())
          .answered(...confirmedThenLookedAgain, written())
          .thenAsked(
            ...askedUntilTheLookAgain,
            'keep-slot/reserve-again on 2027-03-02',
            'done: booked',
          );
      });

      it('the same, the slot taken by another booking meanwhile: the block is cancelled, reservation-released', () => {
        givenBooking(aBooking())
          .answered(
            ...confirmedThenLookedAgain,
            refused(new SlotTakenError('physician')),
            written(),
          )
          .thenAsked(
            ...askedUntilTheLookAgain,
            'keep-slot/reserve-again on 2027-03-02',
            'keep-slot/cancel in the series',
            'refused: reservation-released',
          );
      });

      it('the reconciler cancelled the block first: it has lost its slot all the same', () => {
        givenBooking(aBooking())
          .answered(
            ...confirmedThenLookedAgain,
            refused(new SlotTakenError('room')),
            refused(new InvalidTransitionError('cancelled', 'cancelled')),
            seriesRead([opened, booked, slotLost]),
          )
          .thenAsked(
            ...askedUntilTheLookAgain,
            'keep-slot/reserve-again on 2027-03-02',
            'keep-slot/cancel in the series',
            'read the series',
            'refused: reservation-released',
          );
      });

      it('the block checked in before it could be cancelled: it keeps what it has', () => {
        givenBooking(aBooking())
          .answered(
            ...confirmedThenLookedAgain,
            refused(new SlotTakenError('room')),
            refused(new InvalidTransitionError('checked-in', 'cancelled')),
            seriesRead([opened, booked, patientCheckedIn()]),
          )
          .thenAsked(
            ...askedUntilTheLookAgain,
            'keep-slot/reserve-again on 2027-03-02',
            'keep-slot/cancel in the series',
            'read the series',
            'done: booked',
          );
      });

      it('the slot is over by the time it is looked at again: nothing left to protect', () => {
        givenBooking(aBooking())
          .answered(...confirmedThenLookedAgain, refused(new InThePastError()))
          .thenAsked(
            ...askedUntilTheLookAgain,
            'keep-slot/reserve-again on 2027-03-02',
            'done: booked',
          );
      });

      it('a concurrent retry confirmed it first: no look at the day, the confirmation is a no-op', () => {
        givenBooking(aBooking())
          .answered(
            seriesRead(bookedSeries),
            written({ replayed: true }),
            written(),
            seriesRead(bookedSeries),
            dayRead(heldDay),
          )
          .thenAsked(
            'read the series as confirm sees it',
            'reserve on 2027-03-02',
            'confirm in the series',
            'read the series',
            'read the day 2027-03-02',
            'done: booked',
          );
      });
    });
  });

  describe('moving a block', () => {
    it('to another day: reserve the new slot, move the block, free the old day', () => {
      givenBooking(aMove())
        .answered(seriesRead(bookedSeries), written(), written(), written())
        .thenAsked(
          'read the series',
          'reserve on 2027-03-03',
          'move in the series',
          'release-previous on 2027-03-02 (rescheduled)',
          'done: moved',
        );
    });

    it('on the same day: the clinic day moves the reservation in one append', () => {
      givenBooking(aMove({ start: LATER_SAME_DAY }))
        .answered(seriesRead(bookedSeries), written(), written())
        .thenAsked('read the series', 'reserve on 2027-03-02', 'move in the series', 'done: moved');
    });

    it('to another room at the same time, keeping the physician', () => {
      const { next } = givenBooking(aMove({ start: BLOCK_START, roomId: OTHER_ROOM_ID })).answered(
        seriesRead(bookedSeries),
      );
      expect(next).toMatchObject({
        type: 'write-day',
        command: { data: { physicianId: PHYSICIAN_ID, roomId: OTHER_ROOM_ID, start: BLOCK_START } },
      });
    });

    it('refuses an unknown series, an unknown block, a block that cannot move', () => {
      givenBooking(aMove())
        .answered(seriesRead([]))
        .thenAsked('read the series', 'refused: series-not-found');
      givenBooking(aMove())
        .answered(seriesRead([opened]))
        .thenAsked('read the series', 'refused: appointment-not-found');
      givenBooking(aMove())
        .answered(seriesRead([opened, booked, blockCancelled()]))
        .thenAsked('read the series', 'refused: invalid-transition');
    });

    it('the new slot is taken: slot-taken, nothing moved', () => {
      givenBooking(aMove())
        .answered(seriesRead(bookedSeries), refused(new SlotTakenError('room')))
        .thenAsked('read the series', 'reserve on 2027-03-03', 'refused: slot-taken');
    });

    it('the series refuses after the new day was reserved: that reservation is given back', () => {
      givenBooking(aMove())
        .answered(
          seriesRead(bookedSeries),
          written(),
          refused(new SeriesNotOpenError('closed')),
          written(),
        )
        .thenAsked(
          'read the series',
          'reserve on 2027-03-03',
          'move in the series',
          'abandon on 2027-03-03 (booking-abandoned)',
          'refused: series-not-open',
        );
    });

    it('the series refuses a move on the same day: the old slot is reserved again, as best it can', () => {
      const walk = givenBooking(aMove({ start: LATER_SAME_DAY })).answered(
        seriesRead(bookedSeries),
        written(),
        refused(new SeriesNotOpenError('closed')),
      );
      expect(walk.next).toMatchObject({ type: 'write-day', name: 'restore', bestEffort: true });
      givenBooking(aMove({ start: LATER_SAME_DAY }))
        .answered(
          seriesRead(bookedSeries),
          written(),
          refused(new SeriesNotOpenError('closed')),
          failed(),
        )
        .thenAsked(
          'read the series',
          'reserve on 2027-03-02',
          'move in the series',
          'restore on 2027-03-02',
          'refused: series-not-open',
        );
    });

    it('the old day no longer holds the block: the move stands', () => {
      givenBooking(aMove())
        .answered(
          seriesRead(bookedSeries),
          written(),
          written(),
          refused(new ReservationNotFoundError()),
        )
        .thenAsked(
          'read the series',
          'reserve on 2027-03-03',
          'move in the series',
          'release-previous on 2027-03-02 (rescheduled)',
          'done: moved',
        );
    });

    describe('a retried move', () => {
      const newDayHeld = [
        slotReserved({
          clinicDate: NEXT_DAY,
          start: NEXT_DAY_START,
          end: '2027-03-03T10:00:00-05:00',
        }),
      ];
      const newDayReleased = [
        ...newDayHeld,
        slotReleased({ clinicDate: NEXT_DAY, reason: 'booking-abandoned' }),
      ];
      const movedSeries = [
        ...bookedSeries,
        blockRescheduled({
          start: NEXT_DAY_START,
          end: '2027-03-03T10:00:00-05:00',
          clinicDate: NEXT_DAY,
        }),
      ];

      it('whose new reservation the reconciler released: moves nothing', () => {
        givenBooking(aMove())
          .answered(seriesRead(bookedSeries), written({ replayed: true }), dayRead(newDayReleased))
          .thenAsked(
            'read the series',
            'reserve on 2027-03-03',
            'read the day 2027-03-03',
            'refused: reservation-released',
          );
      });

      it('that checked its reservation just before the reconciler released it gets that slot back', () => {
        givenBooking(aMove())
          .answered(
            seriesRead(bookedSeries),
            written({ replayed: true }),
            dayRead(newDayHeld),
            written(),
            seriesRead(movedSeries),
            dayRead(newDayReleased),
            written(),
            written(),
          )
          .thenAsked(
            'read the series',
            'reserve on 2027-03-03',
            'read the day 2027-03-03',
            'move in the series',
            'read the series',
            'read the day 2027-03-03',
            'keep-slot/reserve-again on 2027-03-03',
            'release-previous on 2027-03-02 (rescheduled)',
            'done: moved',
          );
      });

      it('the same, the slot since taken: the block is cancelled, reservation-released', () => {
        givenBooking(aMove())
          .answered(
            seriesRead(bookedSeries),
            written({ replayed: true }),
            dayRead(newDayHeld),
            written(),
            seriesRead(movedSeries),
            dayRead(newDayReleased),
            refused(new SlotTakenError('room')),
            written(),
          )
          .thenAsked(
            'read the series',
            'reserve on 2027-03-03',
            'read the day 2027-03-03',
            'move in the series',
            'read the series',
            'read the day 2027-03-03',
            'keep-slot/reserve-again on 2027-03-03',
            'keep-slot/cancel in the series',
            'refused: reservation-released',
          );
      });

      it('whose block is already there: no look at the day before the move', () => {
        givenBooking(aMove())
          .answered(
            seriesRead(movedSeries),
            written({ replayed: true }),
            written(),
            seriesRead(movedSeries),
            dayRead(newDayHeld),
          )
          .thenAsked(
            'read the series',
            'reserve on 2027-03-03',
            'move in the series',
            'read the series',
            'read the day 2027-03-03',
            'done: moved',
          );
      });
    });
  });

  describe('cancelling a block', () => {
    it('cancels in the series, then frees the physician and the room', () => {
      givenBooking(aCancellation())
        .answered(written({ series: [...bookedSeries, blockCancelled()] }), written())
        .thenAsked(
          'cancel-block in the series',
          'release on 2027-03-02 (cancelled)',
          'done: cancelled',
        );
    });

    it('a block that held no reservation is cancelled all the same', () => {
      givenBooking(aCancellation())
        .answered(
          written({ series: [...bookedSeries, blockCancelled()] }),
          refused(new ReservationNotFoundError()),
        )
        .thenAsked(
          'cancel-block in the series',
          'release on 2027-03-02 (cancelled)',
          'done: cancelled',
        );
    });

    it('a block already done cannot be cancelled', () => {
      givenBooking(aCancellation())
        .answered(refused(new InvalidTransitionError('performed', 'cancelled')))
        .thenAsked('cancel-block in the series', 'refused: invalid-transition');
    });

    it('the clinic day refuses for another reason: reported', () => {
      givenBooking(aCancellation())
        .answered(
          written({ series: [...bookedSeries, blockCancelled()] }),
          refused(new WrongClinicDayError(NEXT_DAY, BLOCK_DATE)),
        )
        .thenAsked(
          'cancel-block in the series',
          'release on 2027-03-02 (cancelled)',
          'refused: wrong-clinic-day',
        );
    });

    it('a series without the block after the cancellation has nothing to free', () => {
      givenBooking(aCancellation())
        .answered(written({ series: [opened] }))
        .thenAsked('cancel-block in the series', 'done: cancelled');
    });
  });

  describe('settling a reservation its series does not confirm (the reconciler)', () => {
    it('never confirmed (the booking was interrupted): released as booking-abandoned', () => {
      givenBooking(aSettlement())
        .answered(seriesRead([opened]), written(), seriesRead([opened]))
        .thenAsked(
          'read the series',
          'release on 2027-03-02 (booking-abandoned)',
          'read the series',
          'done: settled',
        );
    });

    it('a series that was never opened: released as booking-abandoned', () => {
      givenBooking(aSettlement())
        .answered(seriesRead([]))
        .thenAsked('read the series', 'release on 2027-03-02 (booking-abandoned)');
    });

    it('the block was cancelled: released as cancelled', () => {
      givenBooking(aSettlement())
        .answered(
          seriesRead([...bookedSeries, blockCancelled()]),
          written(),
          seriesRead([...bookedSeries, blockCancelled()]),
        )
        .thenAsked(
          'read the series',
          'release on 2027-03-02 (cancelled)',
          'read the series',
          'done: settled',
        );
    });

    it('the block moved to another day: released as rescheduled', () => {
      const moved = blockRescheduled({
        start: NEXT_DAY_START,
        end: '2027-03-03T10:00:00-05:00',
        clinicDate: NEXT_DAY,
      });
      givenBooking(aSettlement())
        .answered(seriesRead([...bookedSeries, moved]))
        .thenAsked('read the series', 'release on 2027-03-02 (rescheduled)');
    });

    it('the series does confirm it (the views lagged): nothing to settle', () => {
      const { next } = givenBooking(aSettlement()).answered(seriesRead(bookedSeries));
      expect(next).toEqual({ type: 'done', outcome: { type: 'settled', changed: false } });
    });

    it('same day, another slot, the block already done: nothing to settle', () => {
      const done = [opened, booked, patientCheckedIn(), blockPerformed(), blockOutcomeRecorded()];
      const { next } = givenBooking(aSettlement({ start: LATER_SAME_DAY })).answered(
        seriesRead(done),
      );
      expect(next).toEqual({ type: 'done', outcome: { type: 'settled', changed: false } });
    });

    it('same day, another slot (a move whose old slot was not restored): the block gets its slot back', () => {
      givenBooking(aSettlement({ start: LATER_SAME_DAY }))
        .answered(seriesRead(bookedSeries), written(), seriesRead(bookedSeries), dayRead(heldDay))
        .thenAsked(
          'read the series',
          'restore on 2027-03-02',
          'read the series',
          'read the day 2027-03-02',
          'done: settled',
        );
    });

    it('having read the series just before a retried booking confirmed it: releases, then reserves again', () => {
      givenBooking(aSettlement())
        .answered(
          seriesRead([opened]),
          written(),
          seriesRead(bookedSeries),
          dayRead(releasedDay),
          written(),
        )
        .thenAsked(
          'read the series',
          'release on 2027-03-02 (booking-abandoned)',
          'read the series',
          'read the day 2027-03-02',
          'keep-slot/reserve-again on 2027-03-02',
          'done: settled',
        );
    });

    it('a block that lost its slot and a block that is done are left as they are', () => {
      givenBooking(aSettlement())
        .answered(seriesRead([opened]), written(), seriesRead([opened, booked, slotLost]))
        .thenAsked(
          'read the series',
          'release on 2027-03-02 (booking-abandoned)',
          'read the series',
          'done: settled',
        );
      givenBooking(aSettlement())
        .answered(
          seriesRead([opened]),
          written(),
          seriesRead([opened, booked, patientCheckedIn(), blockPerformed()]),
        )
        .thenAsked(
          'read the series',
          'release on 2027-03-02 (booking-abandoned)',
          'read the series',
          'done: settled',
        );
      givenBooking(aSettlement())
        .answered(seriesRead([opened]), written(), seriesRead([]))
        .thenAsked(
          'read the series',
          'release on 2027-03-02 (booking-abandoned)',
          'read the series',
          'done: settled',
        );
    });

    it('a refused release is reported', () => {
      givenBooking(aSettlement())
        .answered(seriesRead([opened]), refused(new ReservationNotFoundError()))
        .thenAsked(
          'read the series',
          'release on 2027-03-02 (booking-abandoned)',
          'refused: reservation-not-found',
        );
    });
  });

  describe('a runner that answers another question is a bug, not a refusal', () => {
    const cases: Array<[string, Parameters<typeof bookingWorkflow.start>[0]]> = [
      ['booking', aBooking()],
      ['move', aMove()],
      ['cancellation', aCancellation()],
      ['settlement', aSettlement()],
    ];
    it.each(cases)('%s', (_, request) => {
      const start = bookingWorkflow.start(request);
      expect(() => bookingWorkflow.evolve(start, dayRead([]))).toThrow(/does not answer/);
    });

    it('nor is anything answered once it has finished', () => {
      const finished = [aBooking(), aMove(), aCancellation(), aSettlement()].map((request) =>
        bookingWorkflow.evolve(
          bookingWorkflow.start(request),
          request.type === 'cancel'
            ? refused(new SeriesNotOpenError('closed'))
            : seriesRead(request.type === 'settle' ? bookedSeries : []),
        ),
      );
      for (const state of finished) {
        expect(() => bookingWorkflow.evolve(state, written())).toThrow(/does not answer/);
      }
    });
  });
});

describe('refusalOf', () => {
  it('a refusal is reported, a bug is thrown', () => {
    expect(refusalOf(() => ({ ok: true }))).toEqual({ ok: true });
    expect(
      refusalOf(() => {
        throw new InThePastError();
      }),
    ).toEqual({ refusal: new InThePastError() });
    expect(() =>
      refusalOf(() => {
        throw new TypeError('bug');
      }),
    ).toThrow(TypeError);
  });
});
