import { Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClinicConfiguration } from '@app/config';
import {
  AppointmentNotFoundError,
  type RescheduleBlock,
  SeriesNotFoundError,
  clinicDayDecider,
  holdsReservation,
  isAtSlot,
  isDomainError,
  ReservationReleasedError,
  slotOf,
  streams,
  treatmentSeriesDecider,
  type Slot,
} from '@app/domain';
import { type CommandContext, stepCommandId } from '../../commands/command-context';
import { CommandRunner } from '../../commands/command-runner';
import { AppointmentLocator } from '../appointment-locator';
import { BlockSlotKeeper } from '../block-slot-keeper';
import type { RescheduleBlockRequestDto } from './reschedule-block.request.dto';

export class RescheduleBlockCommand {
  constructor(
    readonly appointmentId: string,
    readonly request: RescheduleBlockRequestDto,
    readonly context: CommandContext,
  ) {}
}

/**
 * Moving a block: reserve the new slot (on the same day the clinic day moves the reservation in one
 * append), move the block in the series, then free the old day. If the series refuses, the new
 * reservation is given back; a crash in between is settled by the BookingReconciler.
 */
@CommandHandler(RescheduleBlockCommand)
export class RescheduleBlockHandler implements ICommandHandler<RescheduleBlockCommand> {
  private readonly logger = new Logger('RescheduleBlock');

  constructor(
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
    private readonly locator: AppointmentLocator,
    private readonly slots: BlockSlotKeeper,
  ) {}

  async execute({
    appointmentId,
    request,
    context,
  }: RescheduleBlockCommand): Promise<{ slot: Slot; position: bigint }> {
    const now = this.commands.now();
    const seriesId = await this.locator.seriesOf(appointmentId);
    const seriesStream = streams.treatmentSeries(seriesId);
    const series = await this.commands.load(seriesStream, treatmentSeriesDecider);
    if (series.status === 'not-opened') throw new SeriesNotFoundError();
    const block = series.blocks.find((b) => b.appointmentId === appointmentId);
    if (!block) throw new AppointmentNotFoundError();

    const slot = slotOf(request.start, this.clinic.calendar, series.policy);
    const move: RescheduleBlock = {
      type: 'RescheduleBlock',
      data: {
        seriesId,
        appointmentId,
        physicianId: request.physicianId ?? block.physicianId,
        roomId: request.roomId ?? block.roomId,
        start: slot.start,
        end: slot.end,
        clinicDate: slot.clinicDate,
        now,
      },
    };
    treatmentSeriesDecider.decide(move, series); // refuse before touching the calendar
    const previous = {
      start: block.start,
      clinicDate: block.clinicDate,
      physicianId: block.physicianId,
      roomId: block.roomId,
    };

    const reserve = (start: string, physicianId: string, roomId: string, step: string) =>
      this.commands.run(
        streams.clinicDay(slotOf(start, this.clinic.calendar, series.policy).clinicDate),
        clinicDayDecider,
        {
          type: 'ReserveSlot',
          data: {
            appointmentId,
            seriesId,
            physicianId,
            roomId,
            start,
            calendar: this.clinic.calendar,
            policy: series.policy,
            now,
          },
        },
        context,
        stepCommandId(context, step),
      );
    const release = (
      clinicDate: string,
      reason: 'rescheduled' | 'booking-abandoned',
      step: string,
    ) =>
      this.commands.run(
        streams.clinicDay(clinicDate),
        clinicDayDecider,
        { type: 'ReleaseSlot', data: { clinicDate, appointmentId, reason, now } },
        context,
        stepCommandId(context, step),
      );

    const reserved = await reserve(slot.start, move.data.physicianId, move.data.roomId, 'reserve');
    // As in booking: a retried request whose new-slot reservation the reconciler released (or
    // moved back) since its interrupted first attempt must not move the block onto it.
    const alreadyThere = isAtSlot(block, move.data);
    if (
      !alreadyThere &&
      !holdsReservation(
        await this.commands.load(streams.clinicDay(slot.clinicDate), clinicDayDecider),
        {
          appointmentId,
          physicianId: move.data.physicianId,
          roomId: move.data.roomId,
          start: slot.start,
        },
      )
    ) {
      throw new ReservationReleasedError();
    }
    let moved;
    try {
      moved = await this.commands.run(
        seriesStream,
        treatmentSeriesDecider,
        move,
        context,
        stepCommandId(context, 'move'),
      );
    } catch (error) {
      if (isDomainError(error)) {
        if (slot.clinicDate !== previous.clinicDate)
          await release(slot.clinicDate, 'booking-abandoned', 'abandon');
        else
          await reserve(previous.start, previous.physicianId, previous.roomId, 'restore').catch(
            () =>
              this.logger.error(
                `Appointment ${appointmentId} could not get its old slot back: the reconciler will flag it`,
              ),
          );
      }
      throw error;
    }
    // As in booking: the reconciler may have released the replayed reservation between the check
    // above and the move (BlockSlotKeeper).
    if (reserved.replayed) await this.slots.afterRetriedRequest(seriesId, appointmentId, context);
    if (slot.clinicDate !== previous.clinicDate)
      await release(previous.clinicDate, 'rescheduled', 'release-previous');
    return { slot, position: moved.position };
  }
}
