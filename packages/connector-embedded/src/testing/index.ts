/**
 * The testing entry of @fieldsync/connector-embedded: the conformance harness and its fault-injecting
 * transport. Not part of the main barrel, so production code never loads the testkit.
 */
export * from './conformance-control';
export * from './embedded-conformance-harness';
export * from './fault-injecting-transport';
export * from './provision-conformance-org';
