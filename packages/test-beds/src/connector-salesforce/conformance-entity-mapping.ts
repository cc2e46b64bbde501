import type { SalesforceEntityMapping } from '@fieldsync/connector-salesforce';

const stamps = { createdon: 'CreatedDate', modifiedon: 'LastModifiedDate' } as const;

/**
 * How the conformance entities (Dynamics-style names) map onto the sObjects the Salesforce emulator
 * serves them as (docs/decisions/080): standard objects and fields where Salesforce has them,
 * `X__c` custom fields otherwise, which the default naming already reads back as `x`.
 */
export const conformanceEntityMapping: Readonly<Record<string, SalesforceEntityMapping>> = {
  account: { sObject: 'Account', fields: { revenue: 'AnnualRevenue', ...stamps }, fieldTypes: { statecode: 'state', statuscode: 'status' } },
  contact: { sObject: 'Contact', fields: { fullname: 'Name', emailaddress1: 'Email', parentcustomerid: 'AccountId', ...stamps } },
  annotation: { sObject: 'Note', fields: { objectid: 'ParentId', ...stamps } },
  customeraddress: { sObject: 'Customeraddress__c', fields: { name: 'Name', ...stamps } },
};
