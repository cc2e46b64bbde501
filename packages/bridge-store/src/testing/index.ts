/**
 * @fieldsync/bridge-store/testing: a real PostgreSQL server for tests, and the backends a store
 * suite runs on. For test files only.
 */
export { type BridgeStoreTestBackend, bridgeStoreTestBackends, describeEachBridgeStore } from './bridge-store-test-backend';
export { startTestPostgres } from './start-test-postgres';
export type { TestPostgres } from './test-postgres';
