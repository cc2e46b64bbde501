export * from './store-errors';
