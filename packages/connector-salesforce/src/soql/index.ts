export * from './soql-literals';
export * from './build-query';
