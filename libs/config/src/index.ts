export * from './config.errors';
export * from './app-config';
export * from './clock';
export * from './clinic-configuration';
