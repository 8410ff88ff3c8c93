export * from './planner/reminder-timing';
export * from './planner/quiet-hours';
export * from './planner/reminder.planner';
export * from './planner/reminder-facts';
export * from './messages/reminder-message';
export * from './notifier/reminder-notifier.port';
export * from './notifier/notifier.errors';
export * from './notifier/log-notifier';
export * from './notifier/webhook-notifier';
export * from './queue/reminder-queue.port';
export * from './queue/bullmq-reminder-queue';
export * from './processor/send-reminder.processor';
export * from './processor/bullmq-reminder-worker';
export {
  readReminderContext,
  readSeriesAndPatient,
  type ReminderContext,
} from './processor/reminder-context';
export * from './reactor/reminder-reactor';
export { ReminderCheckpointStore } from './reactor/reminder-checkpoint.store';
export * from './reminders.options';
export * from './reminders.module';
