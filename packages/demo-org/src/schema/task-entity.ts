import type { EntitySchema } from '@fieldsync/model';
import { AUDIT_FIELDS, OWNER_FIELD, primaryKeyField, regardingField, stateFields } from './common-fields';

/** Priority options of `task.prioritycode`. */
export const PRIORITY_OPTIONS = [
  { value: 0, label: 'Low' },
  { value: 1, label: 'Normal' },
  { value: 2, label: 'High' },
] as const;

/** A to-do of a sales rep, regarding an account, contact or opportunity. */
export const taskEntity: EntitySchema = {
  name: 'task',
  label: 'Task',
  primaryKey: 'activityid',
  primaryName: 'subject',
  kind: 'activity',
  fields: [
    primaryKeyField('activityid'),
    { name: 'subject', type: 'string', label: 'Subject', required: true, maxLength: 200 },
    { name: 'description', type: 'memo', label: 'Description', maxLength: 2000 },
    { name: 'scheduledend', type: 'datetime', label: 'Due' },
    { name: 'prioritycode', type: 'picklist', label: 'Priority', options: PRIORITY_OPTIONS },
    regardingField('regardingobjectid', false),
    ...stateFields(
      [
        { value: 0, label: 'Open' },
        { value: 1, label: 'Completed' },
        { value: 2, label: 'Canceled' },
      ],
      [
        { value: 2, label: 'Not Started', state: 0 },
        { value: 3, label: 'In Progress', state: 0 },
        { value: 5, label: 'Completed', state: 1 },
        { value: 6, label: 'Canceled', state: 2 },
      ],
    ),
    OWNER_FIELD,
    ...AUDIT_FIELDS,
  ],
};
