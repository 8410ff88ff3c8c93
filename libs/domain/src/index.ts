export * from './decider';
export * from './streams';
export * from './shared/clinical-vocabulary';
export * from './shared/domain-error';
export * from './shared/instant';
export * from './policy/clinical-policy';
export * from './policy/clinical-policy.validation';
export * from './policy/follow-up-schedule';
export * from './clinic-calendar/clinic-calendar';
export * from './clinic-calendar/clinic-calendar.errors';
export * from './anticoagulant/anticoagulant-hold';
export * from './appointment/appointment.state';
export * from './appointment/appointment.errors';
export { APPOINTMENT_TRANSITIONS, canTransition } from './appointment/appointment.transitions';
export * from './treatment-series/treatment-series.events';
export * from './treatment-series/treatment-series.commands';
export * from './treatment-series/treatment-series.errors';
export * from './treatment-series/treatment-series.state';
export {
  assertBlockCanBeBooked,
  earliestNextBlockDate,
  unitsPerBlock,
  type BlockSlotCheck,
} from './treatment-series/treatment-series.rules';
export * from './treatment-series/block-outcome';
export * from './treatment-series/recommendation';
export {
  treatmentSeriesDecider,
  initialTreatmentSeriesState,
  evolveTreatmentSeries,
  decideTreatmentSeries,
} from './treatment-series/treatment-series.decider';
export * from './clinic-day/clinic-day.events';
export * from './clinic-day/clinic-day.commands';
export * from './clinic-day/clinic-day.errors';
export {
  clinicDayDecider,
  initialClinicDayState,
  evolveClinicDay,
  decideClinicDay,
  holdsReservation,
  type ClinicDayState,
  type DayReservation,
} from './clinic-day/clinic-day.decider';
export * from './patient/patient.events';
export * from './patient/patient.commands';
export * from './patient/patient.errors';
export {
  patientDecider,
  initialPatientState,
  evolvePatient,
  decidePatient,
  type PatientState,
} from './patient/patient.decider';
export * from './reminder/reminder.events';
export * from './reminder/reminder.commands';
export * from './reminder/reminder.decider';
export * from './booking/booking.steps';
export * from './booking/booking.workflow';
export type { BookBlockRequest } from './booking/book-block.flow';
export type { RescheduleBlockRequest } from './booking/reschedule-block.flow';
export type { CancelBlockRequest } from './booking/cancel-block.flow';
export type { SettleReservationRequest } from './booking/settle-reservation.flow';
export { SLOT_LOST_REASON, lostItsSlot, type KeptSlot } from './booking/keep-slot.flow';
