import { describeConnectorConformance } from '@fieldsync/connector-testkit';
import { createSalesforceConformanceHarness } from './salesforce-conformance-harness';

// Salesforce assigns Ids, and has no sharing-change feed; its profiles reach
// either owned-and-shared records or all of them (docs/decisions/081, 089).
describeConnectorConformance('salesforce', createSalesforceConformanceHarness, {
  capabilities: {
    clientAssignedIds: false,
    sharedRecords: false,
    visibilityChanges: false,
    fieldLevelSecurity: true,
    attachments: true,
    attachmentRanges: true,
  },
  privilegeDepths: 'ownerOrOrganization',
});
