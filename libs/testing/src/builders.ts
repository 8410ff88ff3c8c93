import {
  DEMO_CLINIC_CALENDAR,
  DEFAULT_CLINICAL_POLICY,
  type BlockBooked,
  type BlockCancelled,
  type BlockOutcomeRecorded,
  type BlockPerformed,
  type BlockRescheduled,
  type CapOverrideGranted,
  type ClinicCalendar,
  type ClinicalPolicy,
  type FollowUpRecorded,
  type NoShowRecorded,
  type PatientCheckedIn,
  type PatientDischarged,
  type PatientRegistered,
  type ReferralIssued,
  type ReminderPreferenceChanged,
  type SeriesClosed,
  type SeriesOpened,
  type SlotReleased,
  type SlotReserved,
  type BookBlock,
  type CancelBlock,
  type ChangeReminderPreference,
  type CheckInPatient,
  type CloseSeries,
  type DischargePatient,
  type GrantCapOverride,
  type IssueReferral,
  type OpenSeries,
  type RecordBlockPerformed,
  type RecordFollowUp,
  type RecordNoShow,
  type RegisterPatient,
  type ReleaseSlot,
  type RescheduleBlock,
  type ReserveSlot,
} from '@app/domain';

/**
 * Object mothers: valid events and commands of the demo clinic with every field filled, overridden
 * where a test cares. Times default to Tuesday 2 March 2027, 09:00 in America/New_York (EST).
 */

export const TEST_TIME_ZONE = 'America/New_York';
export const SERIES_ID = 'series-1';
export const PATIENT_ID = 'patient-1';
export const APPOINTMENT_ID = 'appointment-1';
export const PHYSICIAN_ID = DEMO_CLINIC_CALENDAR.physicians[0].id;
export const OTHER_PHYSICIAN_ID = DEMO_CLINIC_CALENDAR.physicians[1].id;
export const ROOM_ID = DEMO_CLINIC_CALENDAR.rooms[0].id;
export const OTHER_ROOM_ID = DEMO_CLINIC_CALENDAR.rooms[1].id;
/** Tuesday 2 March 2027, 09:00 EST. */
export const BLOCK_START = '2027-03-02T09:00:00-05:00';
export const BLOCK_END = '2027-03-02T10:00:00-05:00';
export const BLOCK_DATE = '2027-03-02';
/** A week before the block, when the front desk books it. */
export const BOOKED_AT = '2027-02-23T10:00:00-05:00';

type Data<T extends { data: unknown }> = Partial<T['data']>;

export function aClinicalPolicy(overrides: Partial<ClinicalPolicy> = {}): ClinicalPolicy {
  return {
    ...DEFAULT_CLINICAL_POLICY,
    anticoagulantHoldHours: { ...DEFAULT_CLINICAL_POLICY.anticoagulantHoldHours },
    ...overrides,
  };
}

export function aClinicCalendar(overrides: Partial<ClinicCalendar> = {}): ClinicCalendar {
  return {
    ...DEMO_CLINIC_CALENDAR,
    openingHours: { ...DEMO_CLINIC_CALENDAR.openingHours },
    physicians: DEMO_CLINIC_CALENDAR.physicians.map((p) => ({ ...p })),
    rooms: DEMO_CLINIC_CALENDAR.rooms.map((r) => ({ ...r })),
    ...overrides,
  };
}

// ─── treatment series events ────────────────────────────────────────────────────────────────────

export function seriesOpened(data: Data<SeriesOpened> = {}): SeriesOpened {
  return {
    type: 'SeriesOpened',
    data: {
      seriesId: SERIES_ID,
      patientId: PATIENT_ID,
      indication: 'crps-1',
      icd10: 'G90.522',
      side: 'left',
      intent: 'prognostic',
      rehabilitationProgramme: false,
      policy: aClinicalPolicy(),
      openedAt: '2027-02-20T11:00:00-05:00',
      ...data,
    },
  };
}

export function blockBooked(data: Data<BlockBooked> = {}): BlockBooked {
  return {
    type: 'BlockBooked',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      blockNumber: 1,
      physicianId: PHYSICIAN_ID,
      roomId: ROOM_ID,
      start: BLOCK_START,
      end: BLOCK_END,
      clinicDate: BLOCK_DATE,
      sedation: true,
      anticoagulant: null,
      bookedAt: BOOKED_AT,
      ...data,
    },
  };
}

export function blockRescheduled(data: Data<BlockRescheduled> = {}): BlockRescheduled {
  return {
    type: 'BlockRescheduled',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      physicianId: PHYSICIAN_ID,
      roomId: ROOM_ID,
      start: '2027-03-03T09:00:00-05:00',
      end: '2027-03-03T10:00:00-05:00',
      clinicDate: '2027-03-03',
      previousStart: BLOCK_START,
      previousClinicDate: BLOCK_DATE,
      rescheduledAt: '2027-02-24T10:00:00-05:00',
      ...data,
    },
  };
}

export function blockCancelled(data: Data<BlockCancelled> = {}): BlockCancelled {
  return {
    type: 'BlockCancelled',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      reason: 'patient request',
      cancelledAt: '2027-02-25T10:00:00-05:00',
      ...data,
    },
  };
}

export function noShowRecorded(data: Data<NoShowRecorded> = {}): NoShowRecorded {
  return {
    type: 'NoShowRecorded',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      recordedAt: '2027-03-02T09:30:00-05:00',
      ...data,
    },
  };
}

export function patientCheckedIn(data: Data<PatientCheckedIn> = {}): PatientCheckedIn {
  return {
    type: 'PatientCheckedIn',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      escortPresent: true,
      fastingConfirmed: true,
      anticoagulantHeld: true,
      checkedInAt: '2027-03-02T08:30:00-05:00',
      ...data,
    },
  };
}

export function blockPerformed(data: Data<BlockPerformed> = {}): BlockPerformed {
  return {
    type: 'BlockPerformed',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      levels: ['L2', 'L3'],
      side: 'left',
      sedationGiven: true,
      baselineTempC: 30.0,
      peakTempC: 33.0,
      contralateralBaselineTempC: 30.2,
      contralateralPeakTempC: 30.4,
      painBefore: 8,
      painAfter: 2,
      performedAt: '2027-03-02T09:30:00-05:00',
      ...data,
    },
  };
}

export function blockOutcomeRecorded(data: Data<BlockOutcomeRecorded> = {}): BlockOutcomeRecorded {
  return {
    type: 'BlockOutcomeRecorded',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      technicalSuccess: true,
      temperatureRiseC: 3.0,
      reliefPct: 75,
      classification: 'positive',
      policyVersion: DEFAULT_CLINICAL_POLICY.version,
      ...data,
    },
  };
}

export function patientDischarged(data: Data<PatientDischarged> = {}): PatientDischarged {
  return {
    type: 'PatientDischarged',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      aldreteScore: 10,
      padssScore: 10,
      escortPresent: true,
      disposition: 'home',
      dischargedAt: '2027-03-02T10:30:00-05:00',
      ...data,
    },
  };
}

export function followUpRecorded(data: Data<FollowUpRecorded> = {}): FollowUpRecorded {
  return {
    type: 'FollowUpRecorded',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      daysAfter: 7,
      painScore: 4,
      reliefLastedHours: 48,
      recordedAt: '2027-03-09T10:00:00-05:00',
      ...data,
    },
  };
}

export function capOverrideGranted(data: Data<CapOverrideGranted> = {}): CapOverrideGranted {
  return {
    type: 'CapOverrideGranted',
    data: {
      seriesId: SERIES_ID,
      cap: 'initial-series',
      reason: 'rehabilitation programme starting; payer approved',
      grantedAt: '2027-03-10T10:00:00-05:00',
      ...data,
    },
  };
}

export function referralIssued(data: Data<ReferralIssued> = {}): ReferralIssued {
  return {
    type: 'ReferralIssued',
    data: {
      seriesId: SERIES_ID,
      modality: 'radiofrequency',
      note: null,
      issuedAt: '2027-03-20T10:00:00-04:00',
      ...data,
    },
  };
}

export function seriesClosed(data: Data<SeriesClosed> = {}): SeriesClosed {
  return {
    type: 'SeriesClosed',
    data: {
      seriesId: SERIES_ID,
      reason: 'treatment goals reached',
      closedAt: '2027-04-01T10:00:00-04:00',
      ...data,
    },
  };
}

// ─── clinic day and patient events ──────────────────────────────────────────────────────────────

export function slotReserved(data: Data<SlotReserved> = {}): SlotReserved {
  return {
    type: 'SlotReserved',
    data: {
      clinicDate: BLOCK_DATE,
      appointmentId: APPOINTMENT_ID,
      seriesId: SERIES_ID,
      physicianId: PHYSICIAN_ID,
      roomId: ROOM_ID,
      start: BLOCK_START,
      end: BLOCK_END,
      reservedAt: BOOKED_AT,
      ...data,
    },
  };
}

export function slotReleased(data: Data<SlotReleased> = {}): SlotReleased {
  return {
    type: 'SlotReleased',
    data: {
      clinicDate: BLOCK_DATE,
      appointmentId: APPOINTMENT_ID,
      reason: 'cancelled',
      releasedAt: '2027-02-25T10:00:00-05:00',
      ...data,
    },
  };
}

export function patientRegistered(data: Data<PatientRegistered> = {}): PatientRegistered {
  return {
    type: 'PatientRegistered',
    data: {
      patientId: PATIENT_ID,
      mrn: 'MRN-0001',
      givenName: 'Test',
      familyName: 'Patient',
      birthDate: '1970-01-15',
      phone: '+15555550100',
      email: 'patient@example.test',
      timeZone: null,
      registeredAt: '2027-02-01T09:00:00-05:00',
      ...data,
    },
  };
}

export function reminderPreferenceChanged(
  data: Data<ReminderPreferenceChanged> = {},
): ReminderPreferenceChanged {
  return {
    type: 'ReminderPreferenceChanged',
    data: {
      patientId: PATIENT_ID,
      channel: 'sms',
      optedOut: true,
      changedAt: '2027-02-02T09:00:00-05:00',
      ...data,
    },
  };
}

// ─── commands ───────────────────────────────────────────────────────────────────────────────────

export function openSeriesCommand(data: Data<OpenSeries> = {}): OpenSeries {
  return {
    type: 'OpenSeries',
    data: {
      seriesId: SERIES_ID,
      patientId: PATIENT_ID,
      indication: 'crps-1',
      icd10: 'G90.522',
      side: 'left',
      intent: 'prognostic',
      rehabilitationProgramme: false,
      policy: aClinicalPolicy(),
      now: '2027-02-20T11:00:00-05:00',
      ...data,
    },
  };
}

export function bookBlockCommand(data: Data<BookBlock> = {}): BookBlock {
  return {
    type: 'BookBlock',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      physicianId: PHYSICIAN_ID,
      roomId: ROOM_ID,
      start: BLOCK_START,
      end: BLOCK_END,
      clinicDate: BLOCK_DATE,
      sedation: true,
      anticoagulant: null,
      now: BOOKED_AT,
      ...data,
    },
  };
}

export function rescheduleBlockCommand(data: Data<RescheduleBlock> = {}): RescheduleBlock {
  return {
    type: 'RescheduleBlock',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      physicianId: PHYSICIAN_ID,
      roomId: ROOM_ID,
      start: '2027-03-03T09:00:00-05:00',
      end: '2027-03-03T10:00:00-05:00',
      clinicDate: '2027-03-03',
      now: '2027-02-24T10:00:00-05:00',
      ...data,
    },
  };
}

export function cancelBlockCommand(data: Data<CancelBlock> = {}): CancelBlock {
  return {
    type: 'CancelBlock',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      reason: 'patient request',
      now: '2027-02-25T10:00:00-05:00',
      ...data,
    },
  };
}

export function recordNoShowCommand(data: Data<RecordNoShow> = {}): RecordNoShow {
  return {
    type: 'RecordNoShow',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      now: '2027-03-02T09:30:00-05:00',
      ...data,
    },
  };
}

export function checkInPatientCommand(data: Data<CheckInPatient> = {}): CheckInPatient {
  return {
    type: 'CheckInPatient',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      escortPresent: true,
      fastingConfirmed: true,
      anticoagulantHeld: true,
      timeZone: TEST_TIME_ZONE,
      now: '2027-03-02T08:30:00-05:00',
      ...data,
    },
  };
}

export function recordBlockPerformedCommand(
  data: Data<RecordBlockPerformed> = {},
): RecordBlockPerformed {
  return {
    type: 'RecordBlockPerformed',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      levels: ['L2', 'L3'],
      side: 'left',
      sedationGiven: true,
      baselineTempC: 30.0,
      peakTempC: 33.0,
      contralateralBaselineTempC: 30.2,
      contralateralPeakTempC: 30.4,
      painBefore: 8,
      painAfter: 2,
      timeZone: TEST_TIME_ZONE,
      now: '2027-03-02T09:30:00-05:00',
      ...data,
    },
  };
}

export function dischargePatientCommand(data: Data<DischargePatient> = {}): DischargePatient {
  return {
    type: 'DischargePatient',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      aldreteScore: 10,
      padssScore: 10,
      escortPresent: true,
      disposition: 'home',
      timeZone: TEST_TIME_ZONE,
      now: '2027-03-02T10:30:00-05:00',
      ...data,
    },
  };
}

export function recordFollowUpCommand(data: Data<RecordFollowUp> = {}): RecordFollowUp {
  return {
    type: 'RecordFollowUp',
    data: {
      seriesId: SERIES_ID,
      appointmentId: APPOINTMENT_ID,
      daysAfter: 7,
      painScore: 4,
      reliefLastedHours: 48,
      now: '2027-03-09T10:00:00-05:00',
      ...data,
    },
  };
}

export function grantCapOverrideCommand(data: Data<GrantCapOverride> = {}): GrantCapOverride {
  return {
    type: 'GrantCapOverride',
    data: {
      seriesId: SERIES_ID,
      cap: 'initial-series',
      reason: 'rehabilitation programme starting; payer approved',
      now: '2027-03-10T10:00:00-05:00',
      ...data,
    },
  };
}

export function issueReferralCommand(data: Data<IssueReferral> = {}): IssueReferral {
  return {
    type: 'IssueReferral',
    data: {
      seriesId: SERIES_ID,
      modality: 'radiofrequency',
      note: null,
      now: '2027-03-20T10:00:00-04:00',
      ...data,
    },
  };
}

export function closeSeriesCommand(data: Data<CloseSeries> = {}): CloseSeries {
  return {
    type: 'CloseSeries',
    data: {
      seriesId: SERIES_ID,
      reason: 'treatment goals reached',
      now: '2027-04-01T10:00:00-04:00',
      ...data,
    },
  };
}

export function reserveSlotCommand(data: Data<ReserveSlot> = {}): ReserveSlot {
  return {
    type: 'ReserveSlot',
    data: {
      appointmentId: APPOINTMENT_ID,
      seriesId: SERIES_ID,
      physicianId: PHYSICIAN_ID,
      roomId: ROOM_ID,
      start: BLOCK_START,
      calendar: aClinicCalendar(),
      policy: aClinicalPolicy(),
      now: BOOKED_AT,
      ...data,
    },
  };
}

export function releaseSlotCommand(data: Data<ReleaseSlot> = {}): ReleaseSlot {
  return {
    type: 'ReleaseSlot',
    data: {
      clinicDate: BLOCK_DATE,
      appointmentId: APPOINTMENT_ID,
      reason: 'cancelled',
      now: '2027-02-25T10:00:00-05:00',
      ...data,
    },
  };
}

export function registerPatientCommand(data: Data<RegisterPatient> = {}): RegisterPatient {
  return {
    type: 'RegisterPatient',
    data: {
      patientId: PATIENT_ID,
      mrn: 'MRN-0001',
      givenName: 'Test',
      familyName: 'Patient',
      birthDate: '1970-01-15',
      phone: '+15555550100',
      email: 'patient@example.test',
      timeZone: null,
      now: '2027-02-01T09:00:00-05:00',
      ...data,
    },
  };
}

export function changeReminderPreferenceCommand(
  data: Data<ChangeReminderPreference> = {},
): ChangeReminderPreference {
  return {
    type: 'ChangeReminderPreference',
    data: {
      patientId: PATIENT_ID,
      channel: 'sms',
      optedOut: true,
      now: '2027-02-02T09:00:00-05:00',
      ...data,
    },
  };
}
