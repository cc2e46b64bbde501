/**
 * The testing entry of @fieldsync/connector-bridge: a real bridge over a provisioned conformance CRM,
 * the conformance harnesses on it (CrmConnector and DeviceChannel), and the canned server and certificate of the wire-level tests. Not
 * part of the main barrel, so production code never loads the bridge or the testkit.
 */
export * from './bridge-conformance-harness';
export * from './bridge-device-channel-harness';
export * from './canned-graphql-server';
export * from './self-signed-certificate';
export * from './start-conformance-bridge';
