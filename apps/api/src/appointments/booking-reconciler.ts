import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { uuidV5 } from '@app/event-store';
import { ClinicConfiguration } from '@app/config';
import {
  blockOfSeries,
  clinicDayDecider,
  isAtSlot,
  streams,
  treatmentSeriesDecider,
} from '@app/domain';
import { ListUnconfirmedReservationsQuery, type UnconfirmedReservation } from '@app/read-models';
import type { CommandContext } from '../commands/command-context';
import { CommandRunner } from '../commands/command-runner';
import { BlockSlotKeeper } from './block-slot-keeper';

const RECONCILER_NAMESPACE = '3e9b1c52-7d4a-4f6e-8b2c-1a0d9e8f7c65';
/** A reservation younger than this may belong to a booking still in progress. */
export const RECONCILE_AFTER_SECONDS = 30;
const INTERVAL_MS = 60_000;

/**
 * Booking and moving a block span two streams (reserve in the clinic day, then confirm in the
 * series). A crash between the steps leaves a reservation its series does not confirm; this settles
 * them at start and then every minute: a booking never confirmed is released (the caller never got
 * a 201), a cancelled one is freed, a moved one gives back its old slot. Each decision is re-checked
 * against the series' own stream (the views may lag), and its command id is derived from the
 * reservation, so two reconcilers (two api processes) settle it once. After each change it looks at
 * the series again: a retried request may have confirmed the block meanwhile (BlockSlotKeeper).
 */
@Injectable()
export class BookingReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('BookingReconciler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private readonly context: CommandContext = {
    commandId: 'booking-reconciler',
    actor: { id: 'booking-reconciler', role: 'system' },
    correlationId: 'booking-reconciler',
  };

  constructor(
    private readonly queryBus: QueryBus,
    private readonly commands: CommandRunner,
    private readonly clinic: ClinicConfiguration,
    private readonly slots: BlockSlotKeeper,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      void this.reconcile().catch((error: Error) =>
        this.logger.error(`reconciliation failed: ${error.message}`),
      );
    };
    this.timer = setInterval(tick, INTERVAL_MS);
    this.timer.unref();
    setTimeout(tick, 1000).unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Settles every stale reservation; returns how many it changed. One run at a time. */
  reconcile(olderThanSeconds = RECONCILE_AFTER_SECONDS): Promise<number> {
    this.running ??= this.settleAll(olderThanSeconds).finally(() => (this.running = undefined));
    return this.running;
  }

  private async settleAll(olderThanSeconds: number): Promise<number> {
    const stale: UnconfirmedReservation[] = await this.queryBus.execute(
      new ListUnconfirmedReservationsQuery({
        olderThanSeconds,
        now: this.commands.now(),
        limit: 1000,
      }),
    );
    let settled = 0;
    for (const reservation of stale) {
      try {
        if (await this.settle(reservation)) settled++;
      } catch (error) {
        this.logger.error(
          `could not settle the reservation of appointment ${reservation.appointmentId}: ${(error as Error).message}`,
        );
      }
    }
    if (settled > 0)
      this.logger.warn(`settled ${settled} reservation(s) left by interrupted bookings`);
    return settled;
  }

  private async settle(reservation: UnconfirmedReservation): Promise<boolean> {
    const { appointmentId, clinicDate } = reservation;
    const series = await this.commands.load(
      streams.treatmentSeries(reservation.seriesId),
      treatmentSeriesDecider,
    );
    const block = blockOfSeries(series, appointmentId);
    const commandId = (step: string) =>
      uuidV5(
        `${appointmentId}/${clinicDate}/${reservation.reservedAt}/${step}`,
        RECONCILER_NAMESPACE,
      );
    // After a change to the clinic day: a retried booking or move may have changed the series since
    // it was read above (BlockSlotKeeper).
    const keepSlot = () =>
      this.slots.keepSlot(reservation.seriesId, appointmentId, this.context, (step) =>
        commandId(`keep-slot/${step}`),
      );
    const release = async (reason: 'booking-abandoned' | 'cancelled' | 'rescheduled') => {
      await this.commands.run(
        streams.clinicDay(clinicDate),
        clinicDayDecider,
        {
          type: 'ReleaseSlot',
          data: { clinicDate, appointmentId, reason, now: this.commands.now() },
        },
        this.context,
        commandId('release'),
      );
      this.logger.warn(
        `released ${clinicDate} reservation of appointment ${appointmentId} (${reason})`,
      );
      await keepSlot();
      return true;
    };

    if (!block) return release('booking-abandoned');
    if (block.status === 'cancelled') return release('cancelled');
    // The views lagged: the series confirms it (a start instant fixes its clinic date).
    if (isAtSlot(block, reservation)) return false;
    if (block.clinicDate !== clinicDate) return release('rescheduled');
    // Same day, another slot: a move whose series step failed and whose old slot could not be restored.
    if (block.status !== 'booked' && block.status !== 'checked-in') return false;
    await this.commands.run(
      streams.clinicDay(clinicDate),
      clinicDayDecider,
      {
        type: 'ReserveSlot',
        data: {
          appointmentId,
          seriesId: reservation.seriesId,
          physicianId: block.physicianId,
          roomId: block.roomId,
          start: block.start,
          calendar: this.clinic.calendar,
          policy: series.status === 'not-opened' ? this.clinic.policy : series.policy,
          now: this.commands.now(),
        },
      },
      this.context,
      commandId('restore'),
    );
    await keepSlot();
    return true;
  }
}
