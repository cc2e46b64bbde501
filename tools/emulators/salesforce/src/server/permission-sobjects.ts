import type { EntitySchema, FieldSchema } from '@fieldsync/model';
import type { SObjectField, SObjectType } from '../naming/sobject-naming';
import type { SfRow, SfValue } from '../records/sf-row';
import type { RequestUser } from './emulator-core';

/** The read-only `PermissionSetAssignment` sObject: which permission sets a user holds. */
export const PERMISSION_SET_ASSIGNMENT_SOBJECT = 'PermissionSetAssignment';
/** The read-only `ObjectPermissions` sObject: what a permission set allows on each sObject. */
export const OBJECT_PERMISSIONS_SOBJECT = 'ObjectPermissions';

/**
 * Builds a read-only system sObject type from its fields: an id field plus plain fields, queryable by
 * SOQL like any other (`WHERE`, `ORDER BY`, `LIMIT`), never listed by `/sobjects`.
 */
function systemSObjectType(name: string, keyPrefix: string, spec: readonly [string, SObjectField['type'], string[]?][]): SObjectType {
  const entityFields: FieldSchema[] = [{ name: 'id', type: 'string', required: true }];
  const fields: SObjectField[] = [{ name: 'Id', label: 'ID', type: 'id', synthetic: 'id', referenceTo: [], custom: false }];
  for (const [apiName, type, referenceTo] of spec) {
    const source: FieldSchema = { name: apiName.toLowerCase(), type: type === 'boolean' ? 'bool' : 'string' };
    entityFields.push(source);
    fields.push({ name: apiName, label: apiName, type, source, referenceTo: referenceTo ?? [], custom: false });
  }
  const entity: EntitySchema = { name: name.toLowerCase(), label: name, primaryKey: 'id', fields: entityFields };
  return {
    name,
    label: name,
    keyPrefix,
    custom: false,
    entity,
    fields,
    fieldByLowerName: new Map(fields.map((f) => [f.name.toLowerCase(), f])),
    relationshipByLowerName: new Map(),
    fieldBySource: new Map(fields.flatMap((f) => (f.source ? [[f.source.name, f] as const] : []))),
  };
}

/** `PermissionSetAssignment`: `AssigneeId`, `PermissionSetId`. */
export const permissionSetAssignmentSObjectType = systemSObjectType(PERMISSION_SET_ASSIGNMENT_SOBJECT, '0Pa', [
  ['AssigneeId', 'reference', ['User']],
  ['PermissionSetId', 'reference', ['PermissionSet']],
]);

/** `ObjectPermissions`: the CRUD flags plus View All / Modify All of one sObject in one permission set. */
export const objectPermissionsSObjectType = systemSObjectType(OBJECT_PERMISSIONS_SOBJECT, '110', [
  ['ParentId', 'reference', ['PermissionSet']],
  ['SobjectType', 'string'],
  ['PermissionsCreate', 'boolean'],
  ['PermissionsRead', 'boolean'],
  ['PermissionsEdit', 'boolean'],
  ['PermissionsDelete', 'boolean'],
  ['PermissionsViewAllRecords', 'boolean'],
  ['PermissionsModifyAllRecords', 'boolean'],
]);

/** The id of the permission set owned by a user's profile (one per user in the emulator). */
export function profilePermissionSetId(userId: string): string {
  return `0PS${userId}`;
}

function row(type: SObjectType, id: string, values: Record<string, SfValue>): SfRow {
  const map = new Map<string, SfValue>([['id', id]]);
  for (const [key, value] of Object.entries(values)) map.set(key.toLowerCase(), value);
  return { type: type.name, id, values: map, parents: new Map(), references: new Map() };
}

/**
 * The signed-in user's rows of a permission sObject. Each user holds one permission set, their
 * profile's, holding the crm-store privileges they have: any depth allows the operation, and
 * organization depth is View All (read) or Modify All (write and delete), the only reach a Salesforce
 * profile grants; business-unit and owner reach come from the sharing model (docs/decisions/081).
 * Other users' assignments are not shown (the emulator has no "View Setup" permission).
 */
export function permissionRows(user: RequestUser, type: SObjectType): SfRow[] {
  const userId = user.session.userId;
  const permissionSetId = profilePermissionSetId(userId);
  if (type === permissionSetAssignmentSObjectType) {
    return [row(type, `0Pa${userId}`, { AssigneeId: userId, PermissionSetId: permissionSetId })];
  }
  return Object.entries(user.permissions.entities).flatMap(([entity, privileges]) => {
    const sObject = user.catalog.ofEntity(entity);
    if (!sObject || privileges.read === 'none') return [];
    return [
      row(type, `110${userId}${sObject.keyPrefix}`, {
        ParentId: permissionSetId,
        SobjectType: sObject.name,
        PermissionsCreate: privileges.create !== 'none',
        PermissionsRead: true,
        PermissionsEdit: privileges.write !== 'none',
        PermissionsDelete: privileges.delete !== 'none',
        PermissionsViewAllRecords: privileges.read === 'organization',
        PermissionsModifyAllRecords: privileges.write === 'organization' && privileges.delete === 'organization',
      }),
    ];
  });
}

/** The permission sObjects by lower-cased name. */
export const PERMISSION_SOBJECTS: ReadonlyMap<string, SObjectType> = new Map([
  [PERMISSION_SET_ASSIGNMENT_SOBJECT.toLowerCase(), permissionSetAssignmentSObjectType],
  [OBJECT_PERMISSIONS_SOBJECT.toLowerCase(), objectPermissionsSObjectType],
]);
