import { describeDeviceChannelConformance } from '@fieldsync/connector-testkit';
import { createBridgeDeviceChannelHarness } from './bridge-device-channel-harness';

describeDeviceChannelConformance('bridge', createBridgeDeviceChannelHarness);
