/**
 * @fieldsync/connector-testkit: the conformance suite every CrmConnector must pass, and the one every
 * DeviceChannel must pass.
 */
export * from './conformance-clock';
export * from './conformance-harness';
export * from './conformance-schema';
export * from './conformance-options';
export * from './conformance-record-generator';
export * from './describe-connector-conformance';
export * from './support/read-all-pages';
export * from './device-channel/describe-device-channel-conformance';
export * from './device-channel/device-channel-harness';
