export * from './decider';
export * from './streams';
export * from './shared/clinical-vocabulary';
export * from './policy/clinical-policy';
export * from './treatment-series/treatment-series.events';
export * from './clinic-day/clinic-day.events';
export * from './patient/patient.events';
export * from './reminder/reminder.events';
