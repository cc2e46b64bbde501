import { sql, type Expression, type SqlBool } from 'kysely';
import type { EntitySchema } from '@fieldsync/model';
import type { Principal } from '../api/principal';
import type { StorePermissions, StorePrivilegeDepth } from '../api/privileges';
import { OWNING_BU_COLUMN } from '../store/store-core';

/** The principal's own id and team ids: whose records count as "theirs" at user depth. */
export function ownIds(principal: Principal): string[] {
  return [principal.userId, ...principal.teamIds];
}

/**
 * The SQL condition "this row is within `depth` of the principal" over `table` (the entity's table
 * or an alias of it): owned by them or a team of theirs (user depth), or in their business unit
 * (business-unit depth), or anything (organization depth), or, `withShares`, shared with them or a
 * team of theirs. Rows of a table without an owner column are all in scope at any depth but `none`.
 */
export function visibilitySql(
  entity: EntitySchema,
  ownerColumn: string | undefined,
  principal: Principal,
  depth: StorePrivilegeDepth,
  table: string = entity.name,
  withShares = true,
): Expression<SqlBool> {
  if (depth === 'none') return sql<SqlBool>`0`;
  if (depth === 'organization' || ownerColumn === undefined) return sql<SqlBool>`1`;
  const ids = ownIds(principal);
  const owner = sql.ref(`${table}.${ownerColumn}`);
  const shared = withShares
    ? sql` or exists (select 1 from fs_share s where s.entity = ${entity.name} and s.recordid = ${sql.ref(`${table}.${entity.primaryKey}`)}
    and s.principalid in (${sql.join(ids)}))`
    : sql``;
  if (depth === 'user') return sql<SqlBool>`(${owner} in (${sql.join(ids)})${shared})`;
  return sql<SqlBool>`(${sql.ref(`${table}.${OWNING_BU_COLUMN}`)} = ${principal.businessUnitId} or ${owner} in (${sql.join(ids)})${shared})`;
}

/** True when a record with this owner and owning business unit is within `depth` of the principal (shares not counted). */
export function ownerInScope(principal: Principal, depth: StorePrivilegeDepth, ownerId: unknown, owningBu: unknown): boolean {
  switch (depth) {
    case 'none':
      return false;
    case 'organization':
      return true;
    case 'businessUnit':
      return owningBu === principal.businessUnitId || ownIds(principal).includes(String(ownerId));
    case 'user':
      return ownIds(principal).includes(String(ownerId));
  }
}

/** Removes the fields the principal may not read (field-level security); the primary key always stays. */
export function readableFields<T extends Record<string, unknown>>(
  entity: EntitySchema,
  permissions: StorePermissions,
  fields: T,
  wanted?: readonly string[] | ReadonlySet<string>,
): T {
  const secured = permissions.fields[entity.name] ?? {};
  // A list is turned into a set once per call; callers in a loop pass a set made once for the page.
  const wantedSet = wanted === undefined || wanted instanceof Set ? (wanted as ReadonlySet<string> | undefined) : new Set(wanted as readonly string[]);
  const result: Record<string, unknown> = {};
  for (const name in fields) {
    if (name !== entity.primaryKey) {
      if (secured[name] && !secured[name].read) continue;
      if (wantedSet && !wantedSet.has(name)) continue;
    }
    result[name] = fields[name];
  }
  return result as T;
}

/**
 * The entity as the principal may read it in one request: only the fields field-level security lets
 * them read and that they asked for (`wanted`; undefined: all), the primary key always. Turning a row
 * into a record with this view gives what {@link readableFields} of the whole record gives, without
 * building the fields it drops; make it once per page.
 */
export function readableView(entity: EntitySchema, permissions: StorePermissions, wanted?: ReadonlySet<string>): EntitySchema {
  const secured = permissions.fields[entity.name] ?? {};
  const fields = entity.fields.filter(
    (field) => field.name === entity.primaryKey || ((!secured[field.name] || secured[field.name].read) && (!wanted || wanted.has(field.name))),
  );
  return fields.length === entity.fields.length ? entity : { ...entity, fields };
}
