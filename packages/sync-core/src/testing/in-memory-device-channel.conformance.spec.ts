import { conformanceSchema, describeDeviceChannelConformance } from '@fieldsync/connector-testkit';
import { createInMemoryDeviceChannelHarness } from './in-memory-device-channel-harness';

describeDeviceChannelConformance('in-memory', async () => createInMemoryDeviceChannelHarness(conformanceSchema));
