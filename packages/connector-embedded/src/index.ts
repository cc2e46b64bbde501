/**
 * @fieldsync/connector-embedded: a CrmConnector over the embedded reference CRM. The conformance
 * harness lives in the `testing` entry (`src/testing`), kept out of this barrel so production code
 * never loads the testkit.
 */
export { createEmbeddedConnector } from './connector/create-embedded-connector';
export type { EmbeddedConnectorConfig, EmbeddedRetryOptions } from './connector/embedded-connector-config';
export { type EmbeddedCall, type EmbeddedOperation, type EmbeddedTransport, passThroughTransport } from './transport/embedded-transport';
