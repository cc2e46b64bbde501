/**
 * @fieldsync/connector-bridge: a CrmConnector and DeviceChannel that talk to a Fieldsync bridge over
 * its GraphQL device API. The conformance harness lives in the `testing` entry (`src/testing`), kept
 * out of this barrel so production code never loads the bridge or the testkit.
 */
export type { BridgeConnectorOptions, BridgeRetryOptions } from './bridge-connector-options';
export { type BridgeConnector, createBridgeConnector } from './bridge-connector';
export { BridgeConnectorClosedError } from './errors/bridge-connector-closed-error';
export { BridgeUserError, type BridgeUserErrorEntry } from './errors/bridge-user-error';
export { NotSignedInError } from './errors/not-signed-in-error';
export { UnauthenticatedError } from './errors/unauthenticated-error';
export { GraphqlClient, type GraphqlClientOptions, type GraphqlRequest } from './graphql-client';
export type { BridgeFetch, BridgeFetchInit, BridgeFetchResponse } from './http/bridge-fetch';
export { type BridgeGraphqlError, mapBridgeError } from './map-bridge-error';
export type { BridgeSession } from './session/bridge-session';
