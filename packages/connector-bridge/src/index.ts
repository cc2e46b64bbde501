/**
 * @fieldsync/connector-bridge: a CrmConnector and DeviceChannel that talk to a Fieldsync bridge over
 * its GraphQL device API. The conformance harness lives in the `testing` entry (`src/testing`), kept
 * out of this barrel so production code never loads the bridge or the testkit.
 */
export * from './bridge-connector';
export * from './bridge-connector-options';
export * from './errors';
export * from './graphql-client';
export type { BridgeFetch, BridgeFetchInit, BridgeFetchResponse } from './http/bridge-fetch';
export * from './map-bridge-error';
export * from './session/bridge-session';
