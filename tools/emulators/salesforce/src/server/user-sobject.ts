import type { EntitySchema } from '@fieldsync/model';
import type { StoreUser } from '@fieldsync/crm-store';
import type { SObjectField, SObjectType } from '../naming/sobject-naming';
import type { SfRow, SfValue } from '../records/sf-row';

/** The read-only `User` sObject: crm-store users, queryable by every signed-in user (not listed by `/sobjects`). */
export const USER_SOBJECT = 'User';

const entity: EntitySchema = {
  name: 'systemuser',
  label: 'User',
  primaryKey: 'systemuserid',
  fields: [
    { name: 'systemuserid', type: 'string', required: true },
    { name: 'username', type: 'string', maxLength: 80 },
    { name: 'fullname', type: 'string', maxLength: 121 },
    { name: 'isactive', type: 'bool' },
    { name: 'businessunitid', type: 'string' },
  ],
};

const field = (name: string, label: string, type: SObjectField['type'], extra: Partial<SObjectField> = {}): SObjectField => ({
  name,
  label,
  type,
  referenceTo: [],
  custom: false,
  ...extra,
});

const fields: SObjectField[] = [
  field('Id', 'User ID', 'id', { synthetic: 'id' }),
  field('Username', 'Username', 'string'),
  field('Name', 'Full Name', 'string'),
  field('IsActive', 'Active', 'boolean'),
  // Salesforce has no business units; the role is the nearest sharing concept, so the unit's id is the role id.
  field('UserRoleId', 'Role ID', 'reference', { referenceTo: ['UserRole'], relationshipName: 'UserRole' }),
];

/** The `User` sObject's shape. */
export const userSObjectType: SObjectType = {
  name: USER_SOBJECT,
  label: 'User',
  keyPrefix: '005',
  custom: false,
  entity,
  fields,
  fieldByLowerName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
  relationshipByLowerName: new Map(),
  fieldBySource: new Map(),
};

/** A crm-store user as a `User` row: `UserRoleId` is the user's business unit id. */
export function userToSfRow(user: StoreUser): SfRow {
  const values = new Map<string, SfValue>([
    ['id', user.id],
    ['username', user.userName],
    ['name', user.fullName],
    ['isactive', !user.disabled],
    ['userroleid', user.businessUnitId],
  ]);
  return { type: USER_SOBJECT, id: user.id, values, parents: new Map(), references: new Map() };
}
