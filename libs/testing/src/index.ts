export * from './given-when-then';
export * from './fixed-clock';
export * from './builders';
export * from './series-story';
export * from './clinic-history';
export * from './booking-walk';
export * from './series-history';
