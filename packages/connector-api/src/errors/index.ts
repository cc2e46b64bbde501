export * from './connector-errors';
