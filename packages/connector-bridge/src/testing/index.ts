/**
 * The testing entry of @fieldsync/connector-bridge: a real bridge over a provisioned conformance CRM in
 * a child process, and the conformance harness on it. Not part of the main barrel, so production code
 * never loads the bridge or the testkit.
 */
export * from './bridge-conformance-harness';
export * from './conformance-bridge-process';
export * from './conformance-bridge-protocol';
export * from './canned-graphql-server';
export * from './self-signed-certificate';
