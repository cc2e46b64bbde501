export * from './validate-records';
