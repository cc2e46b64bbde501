import type { EntitySchema } from '@fieldsync/model';
import { ACTIVE_INACTIVE_FIELDS, AUDIT_FIELDS, OWNER_FIELD, primaryKeyField } from './common-fields';

/** Industry options of `account.industrycode`. */
export const INDUSTRY_OPTIONS = [
  { value: 1, label: 'Accounting' },
  { value: 2, label: 'Agriculture' },
  { value: 3, label: 'Construction' },
  { value: 4, label: 'Consulting' },
  { value: 5, label: 'Retail' },
  { value: 6, label: 'Healthcare' },
  { value: 7, label: 'Manufacturing' },
  { value: 8, label: 'Pharmaceuticals' },
  { value: 9, label: 'Transport' },
  { value: 10, label: 'Utilities' },
] as const;

/** Companies the sales team sells to; accounts may have a parent account and a primary contact. */
export const accountEntity: EntitySchema = {
  name: 'account',
  label: 'Account',
  primaryKey: 'accountid',
  primaryName: 'name',
  fields: [
    primaryKeyField('accountid'),
    { name: 'name', type: 'string', label: 'Account Name', required: true, maxLength: 160 },
    { name: 'accountnumber', type: 'string', label: 'Account Number', maxLength: 20 },
    { name: 'telephone1', type: 'string', label: 'Main Phone', maxLength: 50 },
    { name: 'emailaddress1', type: 'string', label: 'Email', maxLength: 100 },
    { name: 'address1_city', type: 'string', label: 'City', maxLength: 80 },
    { name: 'address1_country', type: 'string', label: 'Country', maxLength: 80 },
    { name: 'revenue', type: 'money', label: 'Annual Revenue', precision: 2 },
    { name: 'numberofemployees', type: 'int', label: 'Number of Employees' },
    { name: 'industrycode', type: 'picklist', label: 'Industry', options: INDUSTRY_OPTIONS },
    { name: 'creditonhold', type: 'bool', label: 'Credit Hold' },
    ...ACTIVE_INACTIVE_FIELDS,
    OWNER_FIELD,
    { name: 'parentaccountid', type: 'lookup', label: 'Parent Account', targets: ['account'] },
    { name: 'primarycontactid', type: 'lookup', label: 'Primary Contact', targets: ['contact'] },
    ...AUDIT_FIELDS,
  ],
};
