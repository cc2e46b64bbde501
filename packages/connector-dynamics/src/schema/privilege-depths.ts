import type { EntityPrivileges, FieldPermission, PrivilegeDepth } from '@fieldsync/connector-api';

/** One row of `RetrieveUserPrivileges` (RolePrivilege). */
export interface RolePrivilege {
  readonly Depth: string;
  readonly PrivilegeName?: string;
  readonly PrivilegeId?: string;
  readonly BusinessUnitId?: string;
}

const ORDER: readonly PrivilegeDepth[] = ['none', 'user', 'businessUnit', 'organization'];

/**
 * A Dataverse privilege depth as the contract's: Basic → user, Local → businessUnit, Deep
 * (parent: child business units) → businessUnit, the widest the contract names below the
 * organization (docs/decisions/098), Global → organization.
 */
export function depthOf(depth: string): PrivilegeDepth {
  switch (depth) {
    case 'Basic':
    case '0':
    case '1':
      return 'user';
    case 'Local':
    case '2':
      return 'businessUnit';
    case 'Deep':
    case '4':
      return 'businessUnit';
    case 'Global':
    case '8':
      return 'organization';
    default:
      return 'none';
  }
}

const OPERATIONS = [
  ['AppendTo', 'appendTo'],
  ['Append', 'append'],
  ['Create', 'create'],
  ['Read', 'read'],
  ['Write', 'write'],
  ['Delete', 'delete'],
] as const;

/**
 * The entity privileges named by `RetrieveUserPrivileges` rows (`prvReadAccount`, Depth `Local`):
 * per entity schema name (lower case), the widest depth any of the user's roles grants per operation.
 */
export function privilegesFromRolePrivileges(rows: readonly RolePrivilege[]): Map<string, EntityPrivileges> {
  const out = new Map<string, Record<keyof EntityPrivileges, PrivilegeDepth>>();
  for (const row of rows) {
    const name = row.PrivilegeName ?? '';
    if (!name.startsWith('prv')) continue;
    const operation = OPERATIONS.find(([prefix]) => name.slice(3).startsWith(prefix));
    if (!operation) continue;
    const entity = name.slice(3 + operation[0].length).toLowerCase();
    if (entity === '') continue;
    const privileges = out.get(entity) ?? { create: 'none', read: 'none', write: 'none', delete: 'none', append: 'none', appendTo: 'none' };
    const depth = depthOf(String(row.Depth));
    if (ORDER.indexOf(depth) > ORDER.indexOf(privileges[operation[1]])) privileges[operation[1]] = depth;
    out.set(entity, privileges);
  }
  return out;
}

/** One row of `RetrievePrincipalAttributePrivileges` (AttributePrivilege): 4 allowed, 0 not. */
export interface AttributePrivilege {
  readonly AttributeId: string;
  readonly CanRead?: number;
  readonly CanCreate?: number;
  readonly CanUpdate?: number;
}

/**
 * Field-level security of the secured fields of some entities: each secured field (by its attribute
 * metadata id) gets the rights the user's field security profiles grant (4 = allowed), and none when
 * no profile names it, as Dataverse does for secured fields.
 */
export function fieldPermissionsOf(
  securedFields: ReadonlyMap<string, { readonly entity: string; readonly field: string }>,
  rows: readonly AttributePrivilege[],
): Record<string, Record<string, FieldPermission>> {
  const granted = new Map(rows.filter((row) => typeof row?.AttributeId === 'string').map((row) => [row.AttributeId.toLowerCase(), row]));
  const out: Record<string, Record<string, FieldPermission>> = {};
  for (const [metadataId, { entity, field }] of securedFields) {
    const row = granted.get(metadataId);
    (out[entity] ??= {})[field] = { read: row?.CanRead === 4, create: row?.CanCreate === 4, update: row?.CanUpdate === 4 };
  }
  return out;
}
