import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import {
  type BookBlock,
  blockOfSeries,
  clinicDayDecider,
  holdsReservation,
  isDomainError,
  ReservationReleasedError,
  slotOf,
  streams,
  treatmentSeriesDecider,
  type Slot,
} from '@app/domain';
import { type CommandContext, derivedId, stepCommandId } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { BlockSlotKeeper, lostItsSlot } from '../block-slot-keeper';
import type { BookBlockRequestDto } from './book-block.request.dto';

export class BookBlockCommand {
  constructor(
    readonly request: BookBlockRequestDto,
    readonly context: CommandContext,
  ) {}
}

export interface BookedBlock {
  appointmentId: string;
  slot: Slot;
  position: bigint;
}

/**
 * Booking spans two streams, so it is a small process (DESIGN.md): check the series' rules,
 * reserve the physician and the room in the clinic day (the double-booking boundary, exact expected
 * revision), confirm the block in the series, and release the reservation if the series refuses.
 * Every step has an id derived from the request, so a retry redoes nothing; a crash between steps
 * is completed or compensated by the BookingReconciler.
 */
@CommandHandler(BookBlockCommand)
export class BookBlockHandler implements ICommandHandler<BookBlockCommand> {
  private readonly logger = new Logger('BookBlock');

  constructor(
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
    private readonly slots: BlockSlotKeeper,
  ) {}

  async execute({ request, context }: BookBlockCommand): Promise<BookedBlock> {
    const now = this.commands.now();
    const seriesStream = streams.treatmentSeries(request.seriesId);
    const appointmentId = derivedId(context, 'appointment');
    const confirmId = stepCommandId(context, 'confirm');
    // Read once, as the confirming step will see it: the checks below and the confirmation decide
    // on the same read (its exact expected revision refuses it if the series moved on meanwhile).
    const snapshot = await this.commands.snapshot(seriesStream, treatmentSeriesDecider, confirmId);
    const series = snapshot.state;
    const policy = series.status === 'not-opened' ? this.clinic.policy : series.policy;
    const slot = slotOf(request.start, this.clinic.calendar, policy);
    if (snapshot.alreadyHandled) {
      // An earlier attempt of this very request (same Idempotency-Key) booked it: the same answer,
      // even when the block has moved on since (checked in…) and a new decision would refuse;
      // unless it lost its slot to the reconciler meanwhile (BlockSlotKeeper) and was cancelled.
      const block = blockOfSeries(series, appointmentId);
      if (block && lostItsSlot(block)) throw new ReservationReleasedError();
      return { appointmentId, slot, position: snapshot.alreadyHandled.position };
    }
    const book: BookBlock = {
      type: 'BookBlock',
      data: {
        seriesId: request.seriesId,
        appointmentId,
        physicianId: request.physicianId,
        roomId: request.roomId,
        start: slot.start,
        end: slot.end,
        clinicDate: slot.clinicDate,
        sedation: request.sedation,
        anticoagulant: request.anticoagulant ?? null,
        now,
      },
    };
    // A dry run of the series' decision refuses before anything touches the calendar.
    treatmentSeriesDecider.decide(book, series);

    const dayStream = streams.clinicDay(slot.clinicDate);
    const reserved = await this.commands.run(
      dayStream,
      clinicDayDecider,
      {
        type: 'ReserveSlot',
        data: {
          appointmentId,
          seriesId: request.seriesId,
          physicianId: request.physicianId,
          roomId: request.roomId,
          start: slot.start,
          calendar: this.clinic.calendar,
          policy,
          now,
        },
      },
      context,
      stepCommandId(context, 'reserve'),
      { returnEvents: false },
    );
    // A retried request finds its reserve step done, but the reconciler may have released that
    // reservation since (the first attempt was interrupted): confirming now would book a slot
    // nobody holds. A series that already confirms it is a retry of a finished booking. A
    // reservation made just now is held: only a replayed one needs the day read again.
    const confirmed =
      series.status !== 'not-opened' &&
      series.blocks.some((b) => b.appointmentId === appointmentId);
    if (
      reserved.replayed &&
      !confirmed &&
      !holdsReservation(await this.commands.load(dayStream, clinicDayDecider), {
        appointmentId,
        physicianId: request.physicianId,
        roomId: request.roomId,
        start: slot.start,
      })
    ) {
      throw new ReservationReleasedError();
    }
    let booked;
    try {
      booked = await this.commands.run(
        seriesStream,
        treatmentSeriesDecider,
        book,
        context,
        confirmId,
        { snapshot, returnEvents: false },
      );
    } catch (error) {
      // The series refused (it changed since the check): give the slot back. Anything else (the
      // store is unreachable) leaves the reservation to the reconciler, which knows what to do.
      if (isDomainError(error)) {
        await this.commands.run(
          dayStream,
          clinicDayDecider,
          {
            type: 'ReleaseSlot',
            data: { clinicDate: slot.clinicDate, appointmentId, reason: 'booking-abandoned', now },
          },
          context,
          stepCommandId(context, 'abandon'),
        );
      } else {
        this.logger.error(
          `Booking ${appointmentId} stopped after its reservation: the reconciler will settle it`,
        );
      }
      throw error;
    }
    // The reconciler may have released the replayed reservation between the check above and the
    // confirmation: look again, now that the block is confirmed (BlockSlotKeeper).
    if (reserved.replayed) {
      await this.slots.afterRetriedRequest(request.seriesId, appointmentId, context);
    }
    return { appointmentId, slot, position: booked.position };
  }
}
