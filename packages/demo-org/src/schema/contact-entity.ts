import type { EntitySchema } from '@fieldsync/model';
import { ACTIVE_INACTIVE_FIELDS, AUDIT_FIELDS, OWNER_FIELD, primaryKeyField } from './common-fields';

/** People at customer companies; a contact belongs to its parent account. */
export const contactEntity: EntitySchema = {
  name: 'contact',
  label: 'Contact',
  primaryKey: 'contactid',
  primaryName: 'fullname',
  fields: [
    primaryKeyField('contactid'),
    { name: 'firstname', type: 'string', label: 'First Name', maxLength: 50 },
    { name: 'lastname', type: 'string', label: 'Last Name', required: true, maxLength: 50 },
    { name: 'fullname', type: 'string', label: 'Full Name', maxLength: 160 },
    { name: 'emailaddress1', type: 'string', label: 'Email', maxLength: 100 },
    { name: 'telephone1', type: 'string', label: 'Business Phone', maxLength: 50 },
    { name: 'jobtitle', type: 'string', label: 'Job Title', maxLength: 100 },
    { name: 'birthdate', type: 'date', label: 'Birthday' },
    { name: 'parentcustomerid', type: 'lookup', label: 'Company Name', targets: ['account'], parent: true },
    ...ACTIVE_INACTIVE_FIELDS,
    OWNER_FIELD,
    ...AUDIT_FIELDS,
  ],
};
