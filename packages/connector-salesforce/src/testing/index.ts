/**
 * The testing entry of @fieldsync/connector-salesforce: what its tests and the conformance harness
 * share. Not part of the main barrel.
 */
export * from './conformance-entity-mapping';
