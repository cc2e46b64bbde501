import { describeConnectorConformance } from '@fieldsync/connector-testkit';
import { createBridgeConformanceHarness } from './bridge-conformance-harness';
// The device API has no attachment operations (docs/decisions/071).
describeConnectorConformance('bridge', createBridgeConformanceHarness, { capabilities: { attachments: false, attachmentRanges: false } });
