export * from './decode-records';
export * from './json-reader';
export * from './decode-user-errors';
