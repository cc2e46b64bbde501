import type { Schema } from '@fieldsync/model';

/**
 * The entities every conformance backend is provisioned with. Kept small and CRM-neutral: an account,
 * a contact that belongs to an account, a note that may carry an attachment, and an address of an
 * account: a parental child without an owner, whose access is controlled by its account.
 */
export const conformanceSchema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      primaryName: 'name',
      fields: [
        { name: 'accountid', type: 'string' },
        { name: 'name', type: 'string', required: true, maxLength: 160 },
        { name: 'accountnumber', type: 'string', maxLength: 20 },
        { name: 'city', type: 'string', maxLength: 80 },
        { name: 'revenue', type: 'money' },
        { name: 'numberofemployees', type: 'int' },
        { name: 'creditonhold', type: 'bool' },
        { name: 'lastvisit', type: 'date' },
        {
          name: 'statecode',
          type: 'state',
          options: [
            { value: 0, label: 'Active' },
            { value: 1, label: 'Inactive' },
          ],
        },
        {
          name: 'statuscode',
          type: 'status',
          options: [
            { value: 1, label: 'Active', state: 0 },
            { value: 2, label: 'Inactive', state: 1 },
          ],
        },
        { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] },
        { name: 'createdon', type: 'datetime', readOnly: true },
        { name: 'modifiedon', type: 'datetime', readOnly: true },
      ],
    },
    {
      name: 'contact',
      primaryKey: 'contactid',
      primaryName: 'fullname',
      fields: [
        { name: 'contactid', type: 'string' },
        { name: 'fullname', type: 'string', required: true, maxLength: 160 },
        { name: 'emailaddress1', type: 'string', maxLength: 100 },
        { name: 'parentcustomerid', type: 'lookup', targets: ['account'], parent: true },
        { name: 'birthdate', type: 'date' },
        { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] },
        { name: 'createdon', type: 'datetime', readOnly: true },
        { name: 'modifiedon', type: 'datetime', readOnly: true },
      ],
    },
    {
      name: 'annotation',
      primaryKey: 'annotationid',
      primaryName: 'subject',
      fields: [
        { name: 'annotationid', type: 'string' },
        { name: 'subject', type: 'string', maxLength: 500 },
        { name: 'notetext', type: 'memo' },
        { name: 'objectid', type: 'lookup', targets: ['account', 'contact'], parent: true },
        { name: 'filename', type: 'string', maxLength: 255 },
        { name: 'mimetype', type: 'string', maxLength: 256 },
        { name: 'filesize', type: 'int', readOnly: true },
        { name: 'isdocument', type: 'bool', readOnly: true },
        { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] },
        { name: 'createdon', type: 'datetime', readOnly: true },
        { name: 'modifiedon', type: 'datetime', readOnly: true },
      ],
    },
    {
      name: 'customeraddress',
      primaryKey: 'customeraddressid',
      primaryName: 'name',
      kind: 'child',
      fields: [
        { name: 'customeraddressid', type: 'string' },
        { name: 'name', type: 'string', maxLength: 200 },
        { name: 'city', type: 'string', maxLength: 80 },
        { name: 'parentid', type: 'lookup', targets: ['account'], parent: true, required: true },
        { name: 'createdon', type: 'datetime', readOnly: true },
        { name: 'modifiedon', type: 'datetime', readOnly: true },
      ],
    },
  ],
};
