/**
 * @fieldsync/connector-testkit: the conformance suite every CrmConnector must pass, and the one every
 * DeviceChannel must pass.
 */
export { ConformanceClock } from './conformance-clock';
export type { ConformanceControl, ConformanceCounters, ConformanceFault, ConformanceHarness, ConformanceSetup, ConformanceUser } from './conformance-harness';
export type { ConformanceOptions, GatedCapability } from './conformance-options';
export { type ConformanceRecordGenerator, createConformanceRecordGenerator } from './conformance-record-generator';
export { conformanceSchema } from './conformance-schema';
export { describeConnectorConformance } from './describe-connector-conformance';
export { type DeviceChannelConformanceOptions, describeDeviceChannelConformance } from './device-channel/describe-device-channel-conformance';
export { type DocumentsConformanceOptions, describeDocumentsConformance } from './documents/describe-documents-conformance';
export type { DocumentsContext, DocumentsHarness, DocumentsSetup } from './documents/documents-harness';
export type {
  AdminCommandView,
  AdminDeviceView,
  ConformanceDevice,
  ConformancePublishOptions,
  DeviceChannelAdmin,
  DeviceChannelHarness,
  DeviceChannelSetup,
  IssuedCommand,
} from './device-channel/device-channel-harness';
