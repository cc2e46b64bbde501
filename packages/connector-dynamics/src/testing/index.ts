/**
 * The testing entry of @fieldsync/connector-dynamics: what its tests and the conformance harness
 * share. Not part of the main barrel.
 */
export * from './counting-proxy';
export * from './dynamics-conformance-harness';
