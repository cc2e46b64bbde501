/**
 * The testing entry of @fieldsync/connector-salesforce: what its tests and the conformance harness
 * share. Not part of the main barrel.
 */
export * from './conformance-entity-mapping';
export * from './counting-proxy';
export * from './salesforce-conformance-harness';
