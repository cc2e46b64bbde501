import type { EntityPrivileges, PrivilegeDepth } from '@fieldsync/connector-api';

/** The flags of one `ObjectPermissions` row, as a query answers them. */
export interface ObjectPermissionFlags {
  readonly SobjectType: string;
  readonly PermissionsCreate?: boolean;
  readonly PermissionsRead?: boolean;
  readonly PermissionsEdit?: boolean;
  readonly PermissionsDelete?: boolean;
  readonly PermissionsViewAllRecords?: boolean;
  readonly PermissionsModifyAllRecords?: boolean;
}

/** The `ObjectPermissions` fields {@link privilegesFromObjectPermissions} reads. */
export const OBJECT_PERMISSION_FIELDS = [
  'SobjectType',
  'PermissionsCreate',
  'PermissionsRead',
  'PermissionsEdit',
  'PermissionsDelete',
  'PermissionsViewAllRecords',
  'PermissionsModifyAllRecords',
] as const;

/** What describe says the user may do with an sObject (the profile's CRUD, without reach). */
export interface DescribedAccess {
  readonly createable: boolean;
  readonly queryable: boolean;
  readonly updateable: boolean;
  readonly deletable: boolean;
}

const depth = (granted: boolean, reachesAll: boolean): PrivilegeDepth => (!granted ? 'none' : reachesAll ? 'organization' : 'user');

/**
 * Privileges of one sObject from describe and the user's `ObjectPermissions` rows (one per permission
 * set they hold; a flag set in any of them counts). Salesforce has two reaches: View All / Modify All
 * reach every record (`organization`); otherwise the user reaches what they own or what sharing gives
 * them (`user`). Describe decides whether an operation is allowed at all; the rows only widen reach.
 * Without rows (the user may not read ObjectPermissions) every allowed operation is `user`.
 */
export function privilegesFromObjectPermissions(described: DescribedAccess, rows: readonly ObjectPermissionFlags[]): EntityPrivileges {
  const viewAll = rows.some((row) => row.PermissionsViewAllRecords === true || row.PermissionsModifyAllRecords === true);
  const modifyAll = rows.some((row) => row.PermissionsModifyAllRecords === true);
  return {
    create: depth(described.createable, modifyAll),
    read: depth(described.queryable, viewAll),
    write: depth(described.updateable, modifyAll),
    delete: depth(described.deletable, modifyAll),
    append: depth(described.updateable || described.createable, modifyAll),
    appendTo: depth(described.queryable, viewAll),
  };
}
