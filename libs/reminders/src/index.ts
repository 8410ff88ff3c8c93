export * from './planner/reminder-timing';
export * from './planner/quiet-hours';
export * from './planner/reminder.planner';
export * from './planner/reminder-facts';
export * from './messages/reminder-message';
