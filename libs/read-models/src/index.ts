export * from './read-models.options';
export { ReadModelsModule, ReadModelsLifecycle, QUERY_HANDLERS } from './read-models.module';
export {
  ReadModelDatabase,
  tableNamesOf,
  type Generation,
  type ReadScope,
  type TableNames,
} from './database/read-model-database';
export {
  schemaOf,
  type ProjectionDefinition,
  type ProjectionTarget,
  type ProjectionWriter,
} from './projection/projection';
export { PROJECTIONS } from './projection/projections';
export { ProjectionRunner, type ProjectionRunnerOptions } from './projection/projection-runner';
export {
  ProjectionProgress,
  type AppliedBatch,
  type ProjectionError,
  type ProjectionState,
  type ProjectionStatus,
  type WaitForResult,
} from './projection/projection-progress';
export {
  NO_REBUILD_YET,
  ProjectionRebuilder,
  type ProjectionRebuilderOptions,
  type RebuildResult,
  type RebuildStatus,
} from './projection/projection-rebuilder';
export { RebuildFailedError, RebuildInProgressError } from './projection/projection.errors';
export {
  rebuildPartsInProcess,
  runRebuildPart,
  type FromRebuildPart,
  type RebuildPartHandle,
  type RebuildPartPort,
  type RebuildParts,
  type RebuildPartTask,
  type ToRebuildPart,
} from './projection/rebuild-parts';
export { registerProjectionMetrics } from './projection/projection-metrics';
export {
  recordProjectionLag,
  type LagRecorder,
  type LagStatistics,
  type LagSummary,
} from './projection/projection-lag';
export * from './series-view/get-series.query';
export * from './series-view/list-series.query';
export * from './patient-view/get-patient.query';
export * from './appointment-view/get-appointment.query';
export type {
  AppointmentReminderStatus,
  AppointmentReminderView,
} from './appointment-view/appointment-reminders';
export type { AppointmentFacts } from './appointment-view/appointment-view.projection';
export * from './day-schedule/get-day-schedule.query';
export { SCHEDULE_FLAGS, type ScheduleFlag } from './day-schedule/schedule-flags';
export * from './availability/get-availability.query';
export * from './availability/list-unconfirmed-reservations.query';
export * from './series-history/get-series-history.query';
export { GetSeriesHandler } from './series-view/get-series.handler';
export { ListSeriesHandler } from './series-view/list-series.handler';
export { GetPatientHandler } from './patient-view/get-patient.handler';
export { GetAppointmentHandler } from './appointment-view/get-appointment.handler';
export { FindAppointmentHandler } from './appointment-view/find-appointment.handler';
export { GetDayScheduleHandler } from './day-schedule/get-day-schedule.handler';
export { GetAvailabilityHandler } from './availability/get-availability.handler';
export { ListUnconfirmedReservationsHandler } from './availability/list-unconfirmed-reservations.handler';
export { GetSeriesHistoryHandler } from './series-history/get-series-history.handler';
