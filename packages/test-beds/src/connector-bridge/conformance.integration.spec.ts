import { describeConnectorConformance } from '@fieldsync/connector-testkit';
import { createBridgeConformanceHarness } from './bridge-conformance-harness';
// Attachment bodies go over the bridge's attachment routes (docs/decisions/167), so every check runs.
describeConnectorConformance('bridge', createBridgeConformanceHarness);
