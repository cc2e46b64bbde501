import { conformanceSchema, describeDeviceChannelConformance } from '@fieldsync/connector-testkit';
import { createInMemoryDeviceChannelHarness } from '@fieldsync/sync-core/testing';

describeDeviceChannelConformance('in-memory', async () => createInMemoryDeviceChannelHarness(conformanceSchema));
