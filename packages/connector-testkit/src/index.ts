/**
 * @fieldsync/connector-testkit: the conformance suite every CrmConnector must pass.
 */
export * from './conformance-harness';
export * from './conformance-schema';
