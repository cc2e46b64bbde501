import { describeDeviceChannelConformance } from '@fieldsync/connector-testkit';
import { createBridgeDeviceChannelHarness } from './testing/bridge-device-channel-harness';

describeDeviceChannelConformance('bridge', createBridgeDeviceChannelHarness);
