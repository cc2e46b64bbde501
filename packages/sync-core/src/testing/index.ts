/**
 * `@fieldsync/sync-core/testing`: `InMemoryDeviceChannel`, the bridge's device channel as a fake in
 * memory for the engine's tests, and its harness for the DeviceChannel conformance suite (decision
 * 136). Not part of the main barrel, so an app never loads it. The test beds that run the engine
 * against the reference CRM are in `@fieldsync/test-beds` (decision 131).
 */
export { createInMemoryDeviceChannelHarness } from './in-memory-device-channel-harness';
export {
  type InMemoryCommand,
  InMemoryDeviceChannel,
  type InMemoryDeviceChannelOptions,
  type PublishOptions,
  type PublishedRevision,
  createInMemoryDeviceChannel,
} from './in-memory-device-channel';
export { FakeSchedulerHost } from './fake-scheduler-host';
export { ScriptedSyncTarget } from './scripted-sync-target';
