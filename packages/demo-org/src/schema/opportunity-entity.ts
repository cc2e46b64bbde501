import type { EntitySchema } from '@fieldsync/model';
import { AUDIT_FIELDS, OWNER_FIELD, primaryKeyField, stateFields } from './common-fields';

/** A potential sale to an account. */
export const opportunityEntity: EntitySchema = {
  name: 'opportunity',
  label: 'Opportunity',
  primaryKey: 'opportunityid',
  primaryName: 'name',
  fields: [
    primaryKeyField('opportunityid'),
    { name: 'name', type: 'string', label: 'Topic', required: true, maxLength: 300 },
    { name: 'customerid', type: 'lookup', label: 'Potential Customer', targets: ['account'], parent: true },
    { name: 'estimatedvalue', type: 'money', label: 'Est. Revenue', precision: 2 },
    { name: 'estimatedclosedate', type: 'date', label: 'Est. Close Date' },
    { name: 'closeprobability', type: 'int', label: 'Probability' },
    { name: 'stepname', type: 'string', label: 'Pipeline Phase', maxLength: 200 },
    ...stateFields(
      [
        { value: 0, label: 'Open' },
        { value: 1, label: 'Won' },
        { value: 2, label: 'Lost' },
      ],
      [
        { value: 1, label: 'In Progress', state: 0 },
        { value: 2, label: 'On Hold', state: 0 },
        { value: 3, label: 'Won', state: 1 },
        { value: 4, label: 'Canceled', state: 2 },
        { value: 5, label: 'Out-Sold', state: 2 },
      ],
    ),
    OWNER_FIELD,
    ...AUDIT_FIELDS,
  ],
};
