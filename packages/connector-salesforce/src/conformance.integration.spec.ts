import { describeConnectorConformance } from '@fieldsync/connector-testkit';
import { createSalesforceConformanceHarness } from './testing';

// Salesforce assigns Ids, has no sharing-change feed and no attachment streams yet; its profiles reach
// either owned-and-shared records or all of them (docs/decisions/081, 089).
describeConnectorConformance('salesforce', createSalesforceConformanceHarness, {
  capabilities: { clientAssignedIds: false, sharedRecords: false, visibilityChanges: false, fieldLevelSecurity: true, attachments: false, attachmentRanges: false },
  privilegeDepths: 'ownerOrOrganization',
});
