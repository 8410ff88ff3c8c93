export * from './config.errors';
export * from './app-config';
