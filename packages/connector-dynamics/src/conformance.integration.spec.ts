import { describeConnectorConformance } from '@fieldsync/connector-testkit';
import { createDynamicsConformanceHarness } from './testing';

describeConnectorConformance('dynamics', createDynamicsConformanceHarness, {
  capabilities: { clientAssignedIds: true, sharedRecords: false, visibilityChanges: true, fieldLevelSecurity: false, attachments: true, attachmentRanges: true },
});
