import type { EntitySchema } from '@fieldsync/model';
import { AUDIT_FIELDS, OWNER_FIELD, primaryKeyField, regardingField, stateFields } from './common-fields';

/** An e-mail sent to or received from a customer (`directioncode` true = outgoing). */
export const emailEntity: EntitySchema = {
  name: 'email',
  label: 'Email',
  primaryKey: 'activityid',
  primaryName: 'subject',
  kind: 'activity',
  fields: [
    primaryKeyField('activityid'),
    { name: 'subject', type: 'string', label: 'Subject', maxLength: 200 },
    { name: 'description', type: 'memo', label: 'Description', maxLength: 100000 },
    { name: 'directioncode', type: 'bool', label: 'Direction' },
    regardingField('regardingobjectid', false),
    ...stateFields(
      [
        { value: 0, label: 'Open' },
        { value: 1, label: 'Completed' },
        { value: 2, label: 'Canceled' },
      ],
      [
        { value: 1, label: 'Draft', state: 0 },
        { value: 3, label: 'Sent', state: 1 },
        { value: 4, label: 'Received', state: 1 },
        { value: 5, label: 'Canceled', state: 2 },
      ],
    ),
    OWNER_FIELD,
    ...AUDIT_FIELDS,
  ],
};
