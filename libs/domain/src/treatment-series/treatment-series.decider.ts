import {
  appointmentBooked,
  appointmentCancelled,
  appointmentCheckedIn,
  appointmentDischarged,
  appointmentFollowedUp,
  appointmentJudged,
  appointmentNoShow,
  appointmentPerformed,
  appointmentRescheduled,
  assertCheckInAllowed,
  assertDischargeAllowed,
  assertNoShowAllowed,
  assertOnAppointmentDay,
  assertTransition,
} from '../appointment/appointment.transitions';
import {
  AppointmentAlreadyExistsError,
  AppointmentNotFoundError,
  BlockNotPerformedError,
} from '../appointment/appointment.errors';
import { isActive, isAtSlot, isDone, type Appointment } from '../appointment/appointment.state';
import type { Decider } from '../decider';
import { recordedPolicy } from '../policy/clinical-policy';
import { LUMBAR_LEVELS } from '../shared/clinical-vocabulary';
import { InvalidMeasurementError } from '../shared/domain-error';
import { toMillis } from '../shared/instant';
import { judgeBlock } from './block-outcome';
import type {
  BookBlock,
  CancelBlock,
  CheckInPatient,
  CloseSeries,
  DischargePatient,
  GrantCapOverride,
  IssueReferral,
  OpenSeries,
  RecordBlockPerformed,
  RecordFollowUp,
  RecordNoShow,
  RescheduleBlock,
  TreatmentSeriesCommand,
} from './treatment-series.commands';
import {
  BlockStillBookedError,
  InvalidIcd10Error,
  ReasonRequiredError,
  SeriesAlreadyClosedError,
  SeriesAlreadyExistsError,
  SeriesNotOpenError,
  SideMismatchError,
} from './treatment-series.errors';
import type { TreatmentSeriesEvent } from './treatment-series.events';
import {
  assertBlockCanBeBooked,
  assertBlockCanBeMoved,
  assertOpened,
} from './treatment-series.rules';
import {
  blockOfSeries,
  type OpenedSeriesState,
  type TreatmentSeriesState,
} from './treatment-series.state';

/**
 * The treatment series decider: a series and its blocks (appointments). Series-wide rules live in
 * treatment-series.rules.ts, the appointment lifecycle in ../appointment/, the judgement of a block
 * in block-outcome.ts and the recommendation in recommendation.ts.
 */

export const initialTreatmentSeriesState = (): TreatmentSeriesState => ({ status: 'not-opened' });

// ─── evolve ──────────────────────────────────────────────────────────────────────────────────────

export function evolveTreatmentSeries(
  state: TreatmentSeriesState,
  event: TreatmentSeriesEvent,
): TreatmentSeriesState {
  if (event.type === 'SeriesOpened') {
    const {
      seriesId,
      patientId,
      indication,
      icd10,
      side,
      intent,
      rehabilitationProgramme,
      policy,
      openedAt,
    } = event.data;
    return {
      status: 'open',
      seriesId,
      patientId,
      indication,
      icd10,
      side,
      intent,
      rehabilitationProgramme,
      // A series opened before a policy key existed replays with that key's historical default.
      policy: recordedPolicy(policy),
      openedAt,
      blocks: [],
      capOverrides: [],
      referrals: [],
    };
  }
  if (state.status === 'not-opened') return state;
  switch (event.type) {
    case 'BlockBooked':
      return { ...state, blocks: [...state.blocks, appointmentBooked(event)] };
    case 'BlockRescheduled':
      return updateBlock(state, event.data.appointmentId, (b) =>
        b.status === 'booked' ? appointmentRescheduled(b, event) : b,
      );
    case 'BlockCancelled':
      return updateBlock(state, event.data.appointmentId, (b) =>
        isActive(b) ? appointmentCancelled(b, event) : b,
      );
    case 'NoShowRecorded':
      return updateBlock(state, event.data.appointmentId, (b) =>
        b.status === 'booked' ? appointmentNoShow(b, event) : b,
      );
    case 'PatientCheckedIn':
      return updateBlock(state, event.data.appointmentId, (b) =>
        b.status === 'booked' ? appointmentCheckedIn(b, event) : b,
      );
    case 'BlockPerformed':
      return updateBlock(state, event.data.appointmentId, (b) =>
        b.status === 'checked-in' ? appointmentPerformed(b, event) : b,
      );
    case 'BlockOutcomeRecorded':
      return updateBlock(state, event.data.appointmentId, (b) =>
        isDone(b) ? appointmentJudged(b, event) : b,
      );
    case 'PatientDischarged':
      return updateBlock(state, event.data.appointmentId, (b) =>
        b.status === 'performed' ? appointmentDischarged(b, event) : b,
      );
    case 'FollowUpRecorded':
      return updateBlock(state, event.data.appointmentId, (b) =>
        isDone(b) ? appointmentFollowedUp(b, event) : b,
      );
    case 'CapOverrideGranted': {
      const { cap, reason, grantedAt } = event.data;
      return { ...state, capOverrides: [...state.capOverrides, { cap, reason, grantedAt }] };
    }
    case 'ReferralIssued': {
      const { modality, note, issuedAt } = event.data;
      const referrals = [...state.referrals, { modality, note, issuedAt }];
      return state.status === 'closed'
        ? { ...state, referrals }
        : { ...state, status: 'referred', referrals };
    }
    case 'SeriesClosed':
      return {
        ...state,
        status: 'closed',
        closeReason: event.data.reason,
        closedAt: event.data.closedAt,
      };
    default: {
      const unknown: never = event;
      return unknownEvent(state, unknown);
    }
  }
}

/** Events of a newer version of the code are ignored, never fatal, so a rollback can still read. */
function unknownEvent(state: TreatmentSeriesState, _event: never): TreatmentSeriesState {
  return state;
}

function updateBlock(
  state: OpenedSeriesState,
  appointmentId: string,
  update: (block: Appointment) => Appointment,
): OpenedSeriesState {
  return {
    ...state,
    blocks: state.blocks.map((b) => (b.appointmentId === appointmentId ? update(b) : b)),
  };
}

// ─── decide ──────────────────────────────────────────────────────────────────────────────────────

export function decideTreatmentSeries(
  command: TreatmentSeriesCommand,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  toMillis(command.data.now, 'now');
  switch (command.type) {
    case 'OpenSeries':
      return openSeries(command, state);
    case 'BookBlock':
      return bookBlock(command, state);
    case 'RescheduleBlock':
      return rescheduleBlock(command, state);
    case 'CancelBlock':
      return cancelBlock(command, state);
    case 'RecordNoShow':
      return recordNoShow(command, state);
    case 'CheckInPatient':
      return checkInPatient(command, state);
    case 'RecordBlockPerformed':
      return recordBlockPerformed(command, state);
    case 'DischargePatient':
      return dischargePatient(command, state);
    case 'RecordFollowUp':
      return recordFollowUp(command, state);
    case 'GrantCapOverride':
      return grantCapOverride(command, state);
    case 'IssueReferral':
      return issueReferral(command, state);
    case 'CloseSeries':
      return closeSeries(command, state);
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

/** ICD-10-CM: a letter, two digits, then optionally a dot and up to four characters (G90.521). */
const ICD10 = /^[A-TV-Z]\d[0-9A-Z](\.?[0-9A-Z]{1,4})?$/;

export function openSeries(
  command: OpenSeries,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  if (state.status !== 'not-opened') throw new SeriesAlreadyExistsError();
  const { data } = command;
  if (data.icd10 !== null && !ICD10.test(data.icd10)) throw new InvalidIcd10Error();
  return [
    {
      type: 'SeriesOpened',
      data: {
        seriesId: data.seriesId,
        patientId: data.patientId,
        indication: data.indication,
        icd10: data.icd10,
        side: data.side,
        intent: data.intent,
        rehabilitationProgramme: data.rehabilitationProgramme ?? false,
        policy: data.policy,
        openedAt: data.now,
      },
    },
  ];
}

export function bookBlock(command: BookBlock, state: TreatmentSeriesState): TreatmentSeriesEvent[] {
  const { data } = command;
  assertOpened(state);
  const existing = blockOfSeries(state, data.appointmentId);
  if (existing) {
    // A retried booking of the same slot succeeds with nothing new; anything else is a conflict.
    if (existing.status === 'booked' && isAtSlot(existing, data)) return [];
    throw new AppointmentAlreadyExistsError();
  }
  assertBlockCanBeBooked(state, command);
  toMillis(data.end, 'end');
  return [
    {
      type: 'BlockBooked',
      data: {
        seriesId: state.seriesId,
        appointmentId: data.appointmentId,
        blockNumber:
          state.blocks.filter((b) => b.status !== 'cancelled' && b.status !== 'no-show').length + 1,
        physicianId: data.physicianId,
        roomId: data.roomId,
        start: data.start,
        end: data.end,
        clinicDate: data.clinicDate,
        sedation: data.sedation,
        anticoagulant: data.anticoagulant,
        bookedAt: data.now,
      },
    },
  ];
}

export function rescheduleBlock(
  command: RescheduleBlock,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  const { series, block } = findBlock(state, data.appointmentId);
  if (block.status === 'booked' && isAtSlot(block, data)) return [];
  assertTransition(block, 'booked');
  assertBlockCanBeMoved(series, command);
  toMillis(data.end, 'end');
  return [
    {
      type: 'BlockRescheduled',
      data: {
        seriesId: series.seriesId,
        appointmentId: block.appointmentId,
        physicianId: data.physicianId,
        roomId: data.roomId,
        start: data.start,
        end: data.end,
        clinicDate: data.clinicDate,
        previousStart: block.start,
        previousClinicDate: block.clinicDate,
        rescheduledAt: data.now,
      },
    },
  ];
}

export function cancelBlock(
  command: CancelBlock,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  const { series, block } = findBlock(state, data.appointmentId);
  assertTransition(block, 'cancelled');
  if (data.reason.trim() === '') throw new ReasonRequiredError('cancel a block');
  return [
    {
      type: 'BlockCancelled',
      data: {
        seriesId: series.seriesId,
        appointmentId: block.appointmentId,
        reason: data.reason,
        cancelledAt: data.now,
      },
    },
  ];
}

export function recordNoShow(
  command: RecordNoShow,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  const { series, block } = findBlock(state, data.appointmentId);
  assertNoShowAllowed(block, data.now);
  return [
    {
      type: 'NoShowRecorded',
      data: { seriesId: series.seriesId, appointmentId: block.appointmentId, recordedAt: data.now },
    },
  ];
}

export function checkInPatient(
  command: CheckInPatient,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  const { series, block } = findBlock(state, data.appointmentId);
  assertTransition(block, 'checked-in');
  assertOnAppointmentDay(block, data.now, data.timeZone);
  assertCheckInAllowed(block, data, series.policy);
  return [
    {
      type: 'PatientCheckedIn',
      data: {
        seriesId: series.seriesId,
        appointmentId: block.appointmentId,
        escortPresent: data.escortPresent,
        fastingConfirmed: data.fastingConfirmed,
        anticoagulantHeld: data.anticoagulantHeld,
        checkedInAt: data.now,
      },
    },
  ];
}

function assertPain(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 10) {
    throw new InvalidMeasurementError(field, 'must be a whole number from 0 to 10 (NRS)');
  }
}

function assertTemperature(value: number | null, field: string): void {
  if (value === null) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 10 || value > 45) {
    throw new InvalidMeasurementError(field, 'must be a skin temperature in °C between 10 and 45');
  }
}

function assertMeasurements(data: RecordBlockPerformed['data']): void {
  if (
    data.levels.length === 0 ||
    new Set(data.levels).size !== data.levels.length ||
    !data.levels.every((level) => (LUMBAR_LEVELS as readonly string[]).includes(level))
  ) {
    throw new InvalidMeasurementError(
      'levels',
      'must name one or more distinct levels from L1 to L5',
    );
  }
  assertTemperature(data.baselineTempC, 'baselineTempC');
  assertTemperature(data.peakTempC, 'peakTempC');
  assertTemperature(data.contralateralBaselineTempC, 'contralateralBaselineTempC');
  assertTemperature(data.contralateralPeakTempC, 'contralateralPeakTempC');
  if ((data.contralateralBaselineTempC === null) !== (data.contralateralPeakTempC === null)) {
    throw new InvalidMeasurementError(
      'contralateralPeakTempC',
      'must be given together with contralateralBaselineTempC',
    );
  }
  assertPain(data.painBefore, 'painBefore');
  assertPain(data.painAfter, 'painAfter');
}

/** Emits the procedure and its judgement (under the series' policy) in one append. */
export function recordBlockPerformed(
  command: RecordBlockPerformed,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  const { series, block } = findBlock(state, data.appointmentId);
  assertTransition(block, 'performed');
  assertOnAppointmentDay(block, data.now, data.timeZone);
  if (data.side !== series.side) throw new SideMismatchError();
  assertMeasurements(data);
  const judgement = judgeBlock(data, series.policy);
  return [
    {
      type: 'BlockPerformed',
      data: {
        seriesId: series.seriesId,
        appointmentId: block.appointmentId,
        levels: [...data.levels],
        side: data.side,
        sedationGiven: data.sedationGiven,
        baselineTempC: data.baselineTempC,
        peakTempC: data.peakTempC,
        contralateralBaselineTempC: data.contralateralBaselineTempC,
        contralateralPeakTempC: data.contralateralPeakTempC,
        painBefore: data.painBefore,
        painAfter: data.painAfter,
        performedAt: data.now,
      },
    },
    {
      type: 'BlockOutcomeRecorded',
      data: {
        seriesId: series.seriesId,
        appointmentId: block.appointmentId,
        ...judgement,
        policyVersion: series.policy.version,
      },
    },
  ];
}

export function dischargePatient(
  command: DischargePatient,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  const { series, block } = findBlock(state, data.appointmentId);
  assertTransition(block, 'discharged');
  assertOnAppointmentDay(block, data.now, data.timeZone);
  assertDischargeAllowed(block, data, series.policy, data.timeZone);
  return [
    {
      type: 'PatientDischarged',
      data: {
        seriesId: series.seriesId,
        appointmentId: block.appointmentId,
        aldreteScore: data.aldreteScore,
        padssScore: data.padssScore,
        escortPresent: data.escortPresent,
        disposition: data.disposition,
        dischargedAt: data.now,
      },
    },
  ];
}

/** Follow-ups are facts about a block that was done: recorded whatever the series' status. */
export function recordFollowUp(
  command: RecordFollowUp,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  const { series, block } = findBlock(state, data.appointmentId);
  if (!isDone(block)) throw new BlockNotPerformedError(block.status);
  if (!Number.isInteger(data.daysAfter) || data.daysAfter < 0) {
    throw new InvalidMeasurementError('daysAfter', 'must be a whole number of days ≥ 0');
  }
  assertPain(data.painScore, 'painScore');
  if (!Number.isFinite(data.reliefLastedHours) || data.reliefLastedHours < 0) {
    throw new InvalidMeasurementError('reliefLastedHours', 'must be a number of hours ≥ 0');
  }
  return [
    {
      type: 'FollowUpRecorded',
      data: {
        seriesId: series.seriesId,
        appointmentId: block.appointmentId,
        daysAfter: data.daysAfter,
        painScore: data.painScore,
        reliefLastedHours: data.reliefLastedHours,
        recordedAt: data.now,
      },
    },
  ];
}

export function grantCapOverride(
  command: GrantCapOverride,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  assertOpened(state);
  if (state.status !== 'open') throw new SeriesNotOpenError(state.status);
  if (data.reason.trim() === '') throw new ReasonRequiredError('override a cap');
  if (state.capOverrides.some((o) => o.cap === data.cap)) return [];
  return [
    {
      type: 'CapOverrideGranted',
      data: { seriesId: state.seriesId, cap: data.cap, reason: data.reason, grantedAt: data.now },
    },
  ];
}

export function issueReferral(
  command: IssueReferral,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  assertOpened(state);
  if (state.status === 'closed') throw new SeriesNotOpenError(state.status);
  if (state.blocks.some(isActive)) throw new BlockStillBookedError();
  return [
    {
      type: 'ReferralIssued',
      data: {
        seriesId: state.seriesId,
        modality: data.modality,
        note: data.note,
        issuedAt: data.now,
      },
    },
  ];
}

export function closeSeries(
  command: CloseSeries,
  state: TreatmentSeriesState,
): TreatmentSeriesEvent[] {
  const { data } = command;
  assertOpened(state);
  if (state.status === 'closed') throw new SeriesAlreadyClosedError();
  if (state.blocks.some(isActive)) throw new BlockStillBookedError();
  if (data.reason.trim() === '') throw new ReasonRequiredError('close a series');
  return [
    {
      type: 'SeriesClosed',
      data: { seriesId: state.seriesId, reason: data.reason, closedAt: data.now },
    },
  ];
}

function findBlock(
  state: TreatmentSeriesState,
  appointmentId: string,
): { series: OpenedSeriesState; block: Appointment } {
  assertOpened(state);
  const block = blockOfSeries(state, appointmentId);
  if (!block) throw new AppointmentNotFoundError();
  return { series: state, block };
}

export const treatmentSeriesDecider: Decider<
  TreatmentSeriesCommand,
  TreatmentSeriesState,
  TreatmentSeriesEvent
> = {
  initialState: initialTreatmentSeriesState,
  evolve: evolveTreatmentSeries,
  decide: decideTreatmentSeries,
};
