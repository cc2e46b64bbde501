/**
 * @fieldsync/bridge-store/testing: a real PostgreSQL server for tests, and the backends a store
 * suite runs on. For test files only.
 */
export * from './test-postgres';
export * from './postgres-available';
export * from './find-postgres-binaries';
export * from './start-test-postgres';
export * from './bridge-store-test-backend';
