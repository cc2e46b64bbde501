/**
 * @fieldsync/test-beds: test support that needs parts from both sides of a module boundary, kept in
 * its own `type:testing` project so that no production package's import graph reaches an app, an
 * emulator or the reference CRM for its tests (decision 131). It holds the connector conformance
 * harnesses (the embedded CRM, the Salesforce and Dataverse emulators behind a counting proxy, a real
 * bridge on loopback), the DeviceChannel harness on a real bridge, the device test bed (the engine
 * against the reference CRM and the demo org), and the specs that run them.
 */
export { type ConformanceBridge, type ConformanceBridgeOptions, startConformanceBridge } from './connector-bridge/start-conformance-bridge';
export { type ConformanceControlParts, createConformanceControl } from './connector-embedded/conformance-control';
export { createEmbeddedConformanceHarness } from './connector-embedded/embedded-conformance-harness';
export { type ConformanceOrg, provisionConformanceOrg } from './connector-embedded/provision-conformance-org';
