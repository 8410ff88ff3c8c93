import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { uuidV5 } from '@app/event-store';
import { ClinicConfiguration } from '@app/config';
import { ListUnconfirmedReservationsQuery, type UnconfirmedReservation } from '@app/read-models';
import type { CommandContext } from '../commands/command-context';
import { CommandRunner } from '../commands/command-runner';
import { BookingRunner } from './booking/booking-runner';

const RECONCILER_NAMESPACE = '3e9b1c52-7d4a-4f6e-8b2c-1a0d9e8f7c65';
/** A reservation younger than this may belong to a booking still in progress. */
export const RECONCILE_AFTER_SECONDS = 30;
const INTERVAL_MS = 60_000;

/**
 * A crash between a booking's two streams leaves a reservation its series does not confirm. At
 * start and then every minute, each such reservation goes through the booking workflow's `settle`
 * (libs/domain/src/booking), decided on the series' own stream (the views may lag). Step ids derive
 * from the reservation, so two api processes settle it once.
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
    private readonly booking: BookingRunner,
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
    const { appointmentId, clinicDate, reservedAt } = reservation;
    const { outcome } = await this.booking.run(
      {
        type: 'settle',
        reservation,
        calendar: this.clinic.calendar,
        now: this.commands.now(),
      },
      this.context,
      (step) =>
        uuidV5(`${appointmentId}/${clinicDate}/${reservedAt}/${step}`, RECONCILER_NAMESPACE),
    );
    return outcome.type === 'settled' && outcome.changed;
  }
}
