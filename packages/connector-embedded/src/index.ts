/**
 * @fieldsync/connector-embedded: a CrmConnector over the embedded reference CRM. The conformance
 * harness lives in the `testing` entry (`src/testing`), kept out of this barrel so production code
 * never loads the testkit.
 */
export * from './anchor';
export * from './connector';
export * from './errors';
export * from './transport';
export * from './validation';
