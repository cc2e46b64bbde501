import type { EntitySchema } from '@fieldsync/model';
import { AUDIT_FIELDS, OWNER_FIELD, primaryKeyField, stateFields } from './common-fields';

/** A priced offer to an account; its totals are computed by the server from its quote details. */
export const quoteEntity: EntitySchema = {
  name: 'quote',
  label: 'Quote',
  primaryKey: 'quoteid',
  primaryName: 'name',
  fields: [
    primaryKeyField('quoteid'),
    { name: 'name', type: 'string', label: 'Name', required: true, maxLength: 300 },
    { name: 'customerid', type: 'lookup', label: 'Potential Customer', targets: ['account'], parent: true },
    { name: 'opportunityid', type: 'lookup', label: 'Opportunity', targets: ['opportunity'] },
    { name: 'totallineitemamount', type: 'money', label: 'Detail Amount', precision: 2, readOnly: true },
    { name: 'totalamount', type: 'money', label: 'Total Amount', precision: 2, readOnly: true },
    ...stateFields(
      [
        { value: 0, label: 'Draft' },
        { value: 1, label: 'Active' },
        { value: 2, label: 'Won' },
        { value: 3, label: 'Closed' },
      ],
      [
        { value: 1, label: 'In Progress', state: 0 },
        { value: 2, label: 'Open', state: 1 },
        { value: 4, label: 'Won', state: 2 },
        { value: 5, label: 'Lost', state: 3 },
      ],
    ),
    OWNER_FIELD,
    ...AUDIT_FIELDS,
  ],
};
