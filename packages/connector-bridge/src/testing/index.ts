/**
 * The testing entry of @fieldsync/connector-bridge: the canned GraphQL server and the self-signed
 * certificate of the wire-level tests. Not part of the main barrel. The conformance harnesses on a
 * real bridge are in `@fieldsync/test-beds` (decision 131).
 */
export { selfSignedCertificate } from './self-signed-certificate';
