import {
  clinicDateOf,
  judgeBlock,
  treatmentSeriesDecider,
  type BlockBooked,
  type BlockMeasurements,
  type BookBlock,
  type CancelBlock,
  type CheckInPatient,
  type DischargePatient,
  type RecordBlockPerformed,
  type RecordFollowUp,
  type RecordNoShow,
  type RescheduleBlock,
  type SeriesOpened,
  type TreatmentSeriesEvent,
  type TreatmentSeriesState,
} from '@app/domain';
import {
  BLOCK_START,
  TEST_TIME_ZONE,
  blockBooked,
  blockCancelled,
  blockOutcomeRecorded,
  blockPerformed,
  blockRescheduled,
  capOverrideGranted,
  followUpRecorded,
  noShowRecorded,
  patientCheckedIn,
  patientDischarged,
  referralIssued,
  seriesClosed,
  seriesOpened,
} from './builders';
import { shifted } from './fixed-clock';

/** The result a block should have, and measurements that produce it under the default policy. */
export type BlockResult =
  'positive' | 'partial' | 'not-sympathetically-mediated' | 'technical-failure' | 'not-measurable';

export const MEASUREMENTS: Record<BlockResult, Omit<BlockMeasurements, 'side'>> = {
  positive: { ...temps(30.0, 33.0), painBefore: 8, painAfter: 2 },
  partial: { ...temps(30.0, 33.0), painBefore: 10, painAfter: 6 },
  'not-sympathetically-mediated': { ...temps(30.0, 33.0), painBefore: 8, painAfter: 7 },
  'technical-failure': { ...temps(30.0, 31.0), painBefore: 8, painAfter: 2 },
  'not-measurable': { ...temps(30.0, 33.0), painBefore: 0, painAfter: 0 },
};

function temps(baseline: number, peak: number) {
  return {
    baselineTempC: baseline,
    peakTempC: peak,
    contralateralBaselineTempC: baseline,
    contralateralPeakTempC: peak,
  };
}

interface CurrentBlock {
  appointmentId: string;
  start: string;
  clinicDate: string;
}

/**
 * A series told as the clinic lives it, producing consistent events:
 *   seriesStory({ intent: 'therapeutic' }).block('positive', { reliefLastedHours: 24 })
 *     .booked().checkedIn()
 * Each block defaults to minIntervalDays after the previous one, at the same wall-clock time;
 * the first on Tuesday 2 March 2027 09:00 (America/New_York). The `…Command` helpers build
 * commands for the current block at plausible instants (check-in 30 min before the start, …).
 */
export class SeriesStory {
  readonly events: TreatmentSeriesEvent[] = [];
  private readonly opened: SeriesOpened;
  private current: CurrentBlock | null = null;
  private lastStart: string | null = null;
  private appointmentCount = 0;
  private numbered = 0;

  constructor(data: Partial<SeriesOpened['data']> = {}) {
    this.opened = seriesOpened(data);
    this.events.push(this.opened);
  }

  get seriesId(): string {
    return this.opened.data.seriesId;
  }

  get policy() {
    return this.opened.data.policy;
  }

  get side() {
    return this.opened.data.side;
  }

  /** The current (last booked) block; throws when none was booked. */
  get block(): CurrentBlock {
    if (!this.current) throw new Error('SeriesStory: book a block first');
    return this.current;
  }

  /** The first start the interval allows after the last counted block (or BLOCK_START). */
  nextStart(): string {
    return this.lastStart === null
      ? BLOCK_START
      : shifted(this.lastStart, { days: this.policy.minIntervalDays });
  }

  state(): TreatmentSeriesState {
    return this.events.reduce(treatmentSeriesDecider.evolve, treatmentSeriesDecider.initialState());
  }

  booked(data: Partial<BlockBooked['data']> = {}): this {
    const start = data.start ?? this.nextStart();
    this.appointmentCount++;
    this.numbered++;
    const event = blockBooked({
      seriesId: this.seriesId,
      appointmentId: `appointment-${this.appointmentCount}`,
      blockNumber: this.numbered,
      start,
      end: shifted(start, { minutes: this.policy.roomSlotMinutes }),
      clinicDate: clinicDateOf(start, TEST_TIME_ZONE),
      bookedAt: shifted(start, { days: -7 }),
      ...data,
    });
    this.current = {
      appointmentId: event.data.appointmentId,
      start: event.data.start,
      clinicDate: event.data.clinicDate,
    };
    this.lastStart = event.data.start;
    this.events.push(event);
    return this;
  }

  rescheduled(start: string): this {
    const { appointmentId, start: previousStart, clinicDate: previousClinicDate } = this.block;
    const event = blockRescheduled({
      seriesId: this.seriesId,
      appointmentId,
      start,
      end: shifted(start, { minutes: this.policy.roomSlotMinutes }),
      clinicDate: clinicDateOf(start, TEST_TIME_ZONE),
      previousStart,
      previousClinicDate,
      rescheduledAt: shifted(previousStart, { days: -3 }),
    });
    this.current = { appointmentId, start, clinicDate: event.data.clinicDate };
    this.lastStart = start;
    this.events.push(event);
    return this;
  }

  cancelled(reason = 'patient request'): this {
    this.events.push(
      blockCancelled({
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        reason,
        cancelledAt: shifted(this.block.start, { days: -2 }),
      }),
    );
    this.forgetCurrent();
    return this;
  }

  noShow(): this {
    this.events.push(
      noShowRecorded({
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        recordedAt: shifted(this.block.start, { minutes: 30 }),
      }),
    );
    this.forgetCurrent();
    return this;
  }

  checkedIn(data: Partial<{ escortPresent: boolean; fastingConfirmed: boolean }> = {}): this {
    this.events.push(
      patientCheckedIn({
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        checkedInAt: shifted(this.block.start, { minutes: -30 }),
        ...data,
      }),
    );
    return this;
  }

  /** BlockPerformed and its judgement under the series' policy. */
  performed(result: BlockResult | Partial<BlockMeasurements> = 'positive'): this {
    const measurements = {
      side: this.side,
      ...MEASUREMENTS.positive,
      ...(typeof result === 'string' ? MEASUREMENTS[result] : result),
    };
    const { appointmentId, start } = this.block;
    this.events.push(
      blockPerformed({
        seriesId: this.seriesId,
        appointmentId,
        ...measurements,
        performedAt: shifted(start, { minutes: 30 }),
      }),
      blockOutcomeRecorded({
        seriesId: this.seriesId,
        appointmentId,
        ...judgeBlock(measurements, this.policy),
        policyVersion: this.policy.version,
      }),
    );
    return this;
  }

  discharged(data: Partial<{ disposition: 'home' | 'admitted' }> = {}): this {
    this.events.push(
      patientDischarged({
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        dischargedAt: shifted(this.block.start, { minutes: 90 }),
        ...data,
      }),
    );
    return this;
  }

  followUp(
    data: Partial<{ daysAfter: number; painScore: number; reliefLastedHours: number }> = {},
  ): this {
    const daysAfter = data.daysAfter ?? 7;
    this.events.push(
      followUpRecorded({
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        recordedAt: shifted(this.block.start, { days: daysAfter }),
        ...data,
        daysAfter,
      }),
    );
    return this;
  }

  /** A whole block: booked, checked in, performed with this result, discharged home (+ follow-up). */
  blockDone(
    result: BlockResult | Partial<BlockMeasurements> = 'positive',
    options: { reliefLastedHours?: number; start?: string } = {},
  ): this {
    this.booked(options.start ? { start: options.start } : {})
      .checkedIn()
      .performed(result)
      .discharged();
    if (options.reliefLastedHours !== undefined) {
      this.followUp({ reliefLastedHours: options.reliefLastedHours });
    }
    return this;
  }

  capOverride(cap: 'initial-series' | 'yearly' = 'initial-series'): this {
    this.events.push(capOverrideGranted({ seriesId: this.seriesId, cap }));
    return this;
  }

  referred(): this {
    this.events.push(referralIssued({ seriesId: this.seriesId }));
    return this;
  }

  closed(): this {
    this.events.push(seriesClosed({ seriesId: this.seriesId }));
    return this;
  }

  // ─── commands for the current block ──────────────────────────────────────────────────────────

  bookCommand(data: Partial<BookBlock['data']> = {}): BookBlock {
    const start = data.start ?? this.nextStart();
    return {
      type: 'BookBlock',
      data: {
        seriesId: this.seriesId,
        appointmentId: `appointment-${this.appointmentCount + 1}`,
        physicianId: 'physician-1',
        roomId: 'fluoro-room-1',
        start,
        end: shifted(start, { minutes: this.policy.roomSlotMinutes }),
        clinicDate: clinicDateOf(start, TEST_TIME_ZONE),
        sedation: true,
        anticoagulant: null,
        now: shifted(start, { days: -3 }),
        ...data,
      },
    };
  }

  rescheduleCommand(start: string, data: Partial<RescheduleBlock['data']> = {}): RescheduleBlock {
    return {
      type: 'RescheduleBlock',
      data: {
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        physicianId: 'physician-1',
        roomId: 'fluoro-room-1',
        start,
        end: shifted(start, { minutes: this.policy.roomSlotMinutes }),
        clinicDate: clinicDateOf(start, TEST_TIME_ZONE),
        now: shifted(this.block.start, { days: -3 }),
        ...data,
      },
    };
  }

  cancelCommand(data: Partial<CancelBlock['data']> = {}): CancelBlock {
    return {
      type: 'CancelBlock',
      data: {
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        reason: 'patient request',
        now: shifted(this.block.start, { days: -2 }),
        ...data,
      },
    };
  }

  noShowCommand(data: Partial<RecordNoShow['data']> = {}): RecordNoShow {
    return {
      type: 'RecordNoShow',
      data: {
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        now: shifted(this.block.start, { minutes: 30 }),
        ...data,
      },
    };
  }

  checkInCommand(data: Partial<CheckInPatient['data']> = {}): CheckInPatient {
    return {
      type: 'CheckInPatient',
      data: {
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        escortPresent: true,
        fastingConfirmed: true,
        anticoagulantHeld: true,
        timeZone: TEST_TIME_ZONE,
        now: shifted(this.block.start, { minutes: -30 }),
        ...data,
      },
    };
  }

  performCommand(
    result: BlockResult | Partial<RecordBlockPerformed['data']> = 'positive',
  ): RecordBlockPerformed {
    return {
      type: 'RecordBlockPerformed',
      data: {
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        levels: ['L2', 'L3'],
        side: this.side,
        sedationGiven: true,
        ...MEASUREMENTS.positive,
        timeZone: TEST_TIME_ZONE,
        now: shifted(this.block.start, { minutes: 30 }),
        ...(typeof result === 'string' ? MEASUREMENTS[result] : result),
      },
    };
  }

  dischargeCommand(data: Partial<DischargePatient['data']> = {}): DischargePatient {
    return {
      type: 'DischargePatient',
      data: {
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        aldreteScore: 10,
        padssScore: 10,
        escortPresent: true,
        disposition: 'home',
        timeZone: TEST_TIME_ZONE,
        now: shifted(this.block.start, { minutes: 90 }),
        ...data,
      },
    };
  }

  followUpCommand(data: Partial<RecordFollowUp['data']> = {}): RecordFollowUp {
    const daysAfter = data.daysAfter ?? 7;
    return {
      type: 'RecordFollowUp',
      data: {
        seriesId: this.seriesId,
        appointmentId: this.block.appointmentId,
        daysAfter,
        painScore: 4,
        reliefLastedHours: 48,
        now: shifted(this.block.start, { days: daysAfter }),
        ...data,
      },
    };
  }

  private forgetCurrent(): void {
    // A cancelled or no-show block counts for nothing: the interval runs from the one before.
    const counted = this.state();
    if (counted.status === 'not-opened') return;
    const starts = counted.blocks
      .filter((b) => b.status !== 'cancelled' && b.status !== 'no-show')
      .map((b) => b.start);
    this.lastStart = starts.length > 0 ? starts[starts.length - 1] : null;
    this.numbered--;
  }
}

export function seriesStory(data: Partial<SeriesOpened['data']> = {}): SeriesStory {
  return new SeriesStory(data);
}
