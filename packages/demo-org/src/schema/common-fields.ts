import type { FieldSchema, OptionValue } from '@fieldsync/model';

/** The primary key field of an entity: a text GUID. */
export function primaryKeyField(name: string): FieldSchema {
  return { name, type: 'string', label: 'Id', required: true };
}

/** The owner field every user-owned entity has (a user or a team). */
export const OWNER_FIELD: FieldSchema = { name: 'ownerid', type: 'owner', label: 'Owner', targets: ['systemuser', 'team'] };

/** The server-maintained timestamps every entity has. */
export const AUDIT_FIELDS: readonly FieldSchema[] = [
  { name: 'createdon', type: 'datetime', label: 'Created On', readOnly: true },
  { name: 'modifiedon', type: 'datetime', label: 'Modified On', readOnly: true },
];

/** A `statecode` and `statuscode` pair from their options (each status names its state). */
export function stateFields(states: readonly OptionValue[], statuses: readonly OptionValue[]): FieldSchema[] {
  return [
    { name: 'statecode', type: 'state', label: 'Status', options: states },
    { name: 'statuscode', type: 'status', label: 'Status Reason', options: statuses },
  ];
}

/** Active / Inactive, the states of accounts and contacts. */
export const ACTIVE_INACTIVE_FIELDS: readonly FieldSchema[] = stateFields(
  [
    { value: 0, label: 'Active' },
    { value: 1, label: 'Inactive' },
  ],
  [
    { value: 1, label: 'Active', state: 0 },
    { value: 2, label: 'Inactive', state: 1 },
  ],
);

/** The lookup from an activity or note to the record it is about. */
export function regardingField(name: string, parent: boolean): FieldSchema {
  return { name, type: 'lookup', label: 'Regarding', targets: ['account', 'contact', 'opportunity'], parent };
}
