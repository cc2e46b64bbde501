/**
 * @fieldsync/bridge-server/testing: a bridge over a seeded demo CRM on loopback, with a GraphQL helper
 * and a manual clock, for the specs of the apps and tools that talk to a real bridge. Not part of the
 * main barrel, so `fieldsync serve` never loads it.
 */
export { type BridgeTestBed, type GraphQLAnswer, createBridgeTestBed } from './bridge-test-bed';
export { type TestRedis, REDIS_SERVER, redisServerAvailable, startTestRedis } from './start-test-redis';
export { type TestPostgres, startTestPostgres } from '@fieldsync/bridge-store/testing';
