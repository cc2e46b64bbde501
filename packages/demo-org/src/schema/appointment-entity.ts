import type { EntitySchema } from '@fieldsync/model';
import { AUDIT_FIELDS, OWNER_FIELD, primaryKeyField, regardingField, stateFields } from './common-fields';

/** A meeting in a sales rep's calendar. */
export const appointmentEntity: EntitySchema = {
  name: 'appointment',
  label: 'Appointment',
  primaryKey: 'activityid',
  primaryName: 'subject',
  kind: 'activity',
  fields: [
    primaryKeyField('activityid'),
    { name: 'subject', type: 'string', label: 'Subject', required: true, maxLength: 200 },
    { name: 'location', type: 'string', label: 'Location', maxLength: 200 },
    { name: 'scheduledstart', type: 'datetime', label: 'Start Time' },
    { name: 'scheduledend', type: 'datetime', label: 'End Time' },
    regardingField('regardingobjectid', false),
    ...stateFields(
      [
        { value: 0, label: 'Open' },
        { value: 1, label: 'Completed' },
        { value: 2, label: 'Canceled' },
        { value: 3, label: 'Scheduled' },
      ],
      [
        { value: 1, label: 'Free', state: 0 },
        { value: 3, label: 'Busy', state: 3 },
        { value: 8, label: 'Completed', state: 1 },
        { value: 4, label: 'Canceled', state: 2 },
      ],
    ),
    OWNER_FIELD,
    ...AUDIT_FIELDS,
  ],
};
