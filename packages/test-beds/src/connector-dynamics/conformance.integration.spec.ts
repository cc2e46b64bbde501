import { describeConnectorConformance } from '@fieldsync/connector-testkit';
import { createDynamicsConformanceHarness } from './dynamics-conformance-harness';

describeConnectorConformance('dynamics', createDynamicsConformanceHarness, {
  capabilities: { clientAssignedIds: true, sharedRecords: false, visibilityChanges: true, fieldLevelSecurity: true, attachments: true, attachmentRanges: true },
});
