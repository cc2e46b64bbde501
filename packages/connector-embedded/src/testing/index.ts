/**
 * The testing entry of @fieldsync/connector-embedded: a transport that injects the faults a real
 * network has (throttles, transient failures, expired sessions, lost answers) into the embedded
 * connector's calls. Not part of the main barrel. The conformance harness that uses it is in
 * `@fieldsync/test-beds` (decision 131).
 */
export { FaultInjectingTransport } from './fault-injecting-transport';
