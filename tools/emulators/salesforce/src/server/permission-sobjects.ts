import { createHash } from 'node:crypto';
import type { StorePermissions, StoreUser } from '@fieldsync/crm-store';
import type { EntitySchema, FieldSchema } from '@fieldsync/model';
import type { SObjectField, SObjectType } from '../naming/sobject-naming';
import type { SfRow, SfValue } from '../records/sf-row';
import type { EmulatorCore, RequestUser } from './emulator-core';

/** The read-only `PermissionSetAssignment` sObject: which permission sets a user holds. */
export const PERMISSION_SET_ASSIGNMENT_SOBJECT = 'PermissionSetAssignment';
/** The read-only `PermissionSet` sObject: a user's profile set and one per crm-store security role. */
export const PERMISSION_SET_SOBJECT = 'PermissionSet';
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

/** `PermissionSet`: `Name` (API name), `Label`, `IsOwnedByProfile`. */
export const permissionSetSObjectType = systemSObjectType(PERMISSION_SET_SOBJECT, '0PS', [
  ['Name', 'string'],
  ['Label', 'string'],
  ['IsOwnedByProfile', 'boolean'],
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

/** The permission set standing for a crm-store security role: the same id for the same role name. */
export function rolePermissionSetId(roleName: string): string {
  return `0PS${createHash('sha1').update(roleName).digest('hex').slice(0, 15)}`;
}

/** A security role's name as a permission set API name (letters, digits and underscores). */
function apiNameOf(roleName: string): string {
  return roleName.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'Role';
}

function row(type: SObjectType, id: string, values: Record<string, SfValue>): SfRow {
  const map = new Map<string, SfValue>([['id', id]]);
  for (const [key, value] of Object.entries(values)) map.set(key.toLowerCase(), value);
  return { type: type.name, id, values: map, parents: new Map(), references: new Map() };
}

function objectPermissionRows(user: RequestUser, userId: string, permissions: StorePermissions): SfRow[] {
  const permissionSetId = profilePermissionSetId(userId);
  return Object.entries(permissions.entities).flatMap(([entity, privileges]) => {
    const sObject = user.catalog.ofEntity(entity);
    if (!sObject || privileges.read === 'none') return [];
    return [
      row(objectPermissionsSObjectType, `110${userId}${sObject.keyPrefix}`, {
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

/**
 * Rows of a permission sObject as the signed-in user may see them: their own, or every user's when
 * they hold the setup role ("View Setup"). Each user holds their profile's permission set, carrying
 * their effective crm-store privileges (any depth allows the operation; organization read is View All,
 * organization write and delete Modify All, the only reach a Salesforce profile grants; business-unit
 * and owner reach come from the sharing model, docs/decisions/081), and one permission set per
 * crm-store security role they hold, which names the role (`Label`) and grants nothing itself.
 */
export async function permissionRows(core: EmulatorCore, user: RequestUser, type: SObjectType): Promise<SfRow[]> {
  const signedIn = user.session.userId;
  const setup = (await core.store.roleNamesOf(signedIn)).includes(core.settings.setupRole);
  const users: StoreUser[] = setup ? await core.store.listUsers() : [(await core.store.getUser(signedIn)) as StoreUser];
  const rows: SfRow[] = [];
  const roleSets = new Map<string, SfRow>();
  for (const member of users) {
    const roles = await core.store.roleNamesOf(member.id);
    if (type === objectPermissionsSObjectType) {
      const permissions = member.id === signedIn ? user.permissions : await core.store.permissions(await core.store.principalOf(member.id));
      rows.push(...objectPermissionRows(user, member.id, permissions));
    } else if (type === permissionSetAssignmentSObjectType) {
      rows.push(row(type, `0Pa${member.id}`, { AssigneeId: member.id, PermissionSetId: profilePermissionSetId(member.id) }));
      for (const role of roles)
        rows.push(row(type, `0Pa${member.id}${rolePermissionSetId(role).slice(3)}`, { AssigneeId: member.id, PermissionSetId: rolePermissionSetId(role) }));
    } else {
      rows.push(row(type, profilePermissionSetId(member.id), { Name: 'Fieldsync_Profile', Label: 'Fieldsync Profile', IsOwnedByProfile: true }));
      for (const role of roles) roleSets.set(role, row(type, rolePermissionSetId(role), { Name: apiNameOf(role), Label: role, IsOwnedByProfile: false }));
    }
  }
  return [...rows, ...roleSets.values()];
}

/** The permission sObjects by lower-cased name. */
export const PERMISSION_SOBJECTS: ReadonlyMap<string, SObjectType> = new Map([
  [PERMISSION_SET_SOBJECT.toLowerCase(), permissionSetSObjectType],
  [PERMISSION_SET_ASSIGNMENT_SOBJECT.toLowerCase(), permissionSetAssignmentSObjectType],
  [OBJECT_PERMISSIONS_SOBJECT.toLowerCase(), objectPermissionsSObjectType],
]);
