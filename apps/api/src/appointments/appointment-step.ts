import { Injectable } from '@nestjs/common';
import {
  streams,
  treatmentSeriesDecider,
  type Appointment,
  type TreatmentSeriesCommand,
  type TreatmentSeriesState,
} from '@app/domain';
import type { CommandContext } from '../commands/command-context';
import { CommandRunner } from '../commands/command-runner';
import { AppointmentLocator } from './appointment-locator';
import { blockOf } from './appointment-step.response.dto';

/** A step of a block's life, done: the block as its series now holds it, and the write's position. */
export interface AppointmentStep {
  block: Appointment;
  position: bigint;
}

/**
 * Runs one step of a block's life (check-in, procedure, discharge, follow-up, no-show) on its
 * series' stream: the route names the appointment, the appointment view names its series.
 */
@Injectable()
export class AppointmentSteps {
  constructor(
    private readonly locator: AppointmentLocator,
    private readonly commands: CommandRunner,
  ) {}

  async run(
    appointmentId: string,
    context: CommandContext,
    command: (on: { seriesId: string; now: string }) => TreatmentSeriesCommand,
  ): Promise<AppointmentStep & { series: TreatmentSeriesState }> {
    const seriesId = await this.locator.seriesOf(appointmentId);
    const result = await this.commands.run(
      streams.treatmentSeries(seriesId),
      treatmentSeriesDecider,
      command({ seriesId, now: this.commands.now() }),
      context,
    );
    return {
      block: blockOf(result.state, appointmentId),
      position: result.position,
      series: result.state,
    };
  }
}
