/**
 * @fieldsync/test-beds: test support that needs parts from both sides of a module boundary, kept in
 * its own `type:testing` project so that no production package's import graph reaches an app, an
 * emulator or the reference CRM for its tests (decision 131). It holds the connector conformance
 * harnesses (the embedded CRM, the Salesforce and Dataverse emulators behind a counting proxy, a real
 * bridge on loopback), the DeviceChannel harness on a real bridge, the device test bed (the engine
 * against the reference CRM and the demo org), and the specs that run them.
 */
export { createBridgeConformanceHarness } from './connector-bridge/bridge-conformance-harness';
export { createBridgeDeviceChannelHarness } from './connector-bridge/bridge-device-channel-harness';
export { CONFORMANCE_ADMIN_ROLE, CONFORMANCE_TOKEN_TTL_MS, startConformanceBridge, type ConformanceBridge, type ConformanceBridgeOptions } from './connector-bridge/start-conformance-bridge';
export { CONFORMANCE_CLIENT_ID, createDynamicsConformanceHarness, dynamicsConfigFor } from './connector-dynamics/dynamics-conformance-harness';
export { createConformanceControl, type ConformanceControlParts } from './connector-embedded/conformance-control';
export { createEmbeddedConformanceHarness } from './connector-embedded/embedded-conformance-harness';
export { CONFORMANCE_PASSWORD, provisionConformanceOrg, type ConformanceOrg } from './connector-embedded/provision-conformance-org';
export { conformanceEntityMapping } from './connector-salesforce/conformance-entity-mapping';
export { createSalesforceConformanceHarness } from './connector-salesforce/salesforce-conformance-harness';
export { createDeviceTestBed, demoCustomization, ownedRecords, type DeviceTestBed, type TestDevice, type TestDeviceOptions } from './sync-core/device-test-bed';
