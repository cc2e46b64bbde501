import { sql, type Expression, type SqlBool } from 'kysely';
import { findEntity, parentalControl, type EntitySchema } from '@fieldsync/model';
import type { Principal } from '../api/principal';
import type { StorePermissions } from '../api/privileges';
import type { StoreRecordAccess } from '../api/read-requests';
import type { StoreCore, StoreExecutor } from '../store/store-core';
import { countCall } from './read-access';
import { resolvePermissions } from './resolve-permissions';
import { visibilitySql } from './visibility';

/** A privilege judged on one record. */
export type RecordPrivilege = 'read' | 'write' | 'delete' | 'append' | 'appendTo';

/**
 * The privilege a parental child's privilege is judged as on its parent record: reading a child
 * needs read on the parent, any change to it (write, delete, append, appendTo, and creating one
 * under the parent) needs write on the parent, as a Salesforce detail needs edit on its master.
 */
export function parentPrivilegeFor(privilege: RecordPrivilege): 'read' | 'write' {
  return privilege === 'read' ? 'read' : 'write';
}

/**
 * The SQL condition "the principal has `privilege` on this row" over `table` (the entity's table or
 * an alias of it), for one SQL query over any number of rows:
 * - an entity with an owner: the privilege's depth against the owner and owning business unit, and
 *   for read, shares too (shares grant read only);
 * - a parental child (no owner, a `parent` lookup, see `parentalControl`): the entity's own privilege
 *   must not be `none`, and the parent record must grant `parentPrivilegeFor(privilege)`, judged the
 *   same way (an EXISTS on the parent's primary key, recursively up to an owned record);
 * - any other entity without an owner belongs to the organization: any depth but `none`.
 */
export function accessSql(
  core: StoreCore,
  principal: Principal,
  permissions: StorePermissions,
  entity: EntitySchema,
  privilege: RecordPrivilege,
  table: string = entity.name,
  level = 0,
): Expression<SqlBool> {
  const depth = permissions.entities[entity.name]?.[privilege] ?? 'none';
  if (depth === 'none') return sql<SqlBool>`0`;
  const control = parentalControl(entity);
  if (!control) return visibilitySql(entity, core.ownerField(entity)?.name, principal, depth, table, privilege === 'read');
  const parentPrivilege = parentPrivilegeFor(privilege);
  const alias = `fs_parent${level}`;
  const reach = (control.targets ?? []).flatMap((targetName) => {
    const target = findEntity(core.schema, targetName);
    if (!target) return [];
    return [
      sql<SqlBool>`(${sql.ref(`${table}.${control.name}_target`)} = ${targetName} and exists (select 1 from ${sql.table(target.name)} as ${sql.raw(`"${alias}"`)}
        where ${sql.ref(`${alias}.${target.primaryKey}`)} = ${sql.ref(`${table}.${control.name}`)}
        and ${accessSql(core, principal, permissions, target, parentPrivilege, alias, level + 1)}))`,
    ];
  });
  if (reach.length === 0) return sql<SqlBool>`0`;
  return sql<SqlBool>`(${sql.join(reach, sql` or `)})`;
}

/** True when the principal has `privilege` on the record (false when it does not exist): one query. */
export async function hasRecordAccess(
  core: StoreCore,
  executor: StoreExecutor,
  principal: Principal,
  permissions: StorePermissions,
  entity: EntitySchema,
  id: string,
  privilege: RecordPrivilege,
): Promise<boolean> {
  const row = await executor
    .selectFrom(entity.name)
    .select(entity.primaryKey)
    .where(entity.primaryKey, '=', id)
    .where(accessSql(core, principal, permissions, entity, privilege))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * What the principal may do with each record, in the order asked: one query judging every privilege
 * as reads and writes do (a parental child through its parent). Unknown ids answer all false.
 */
export async function recordAccess(core: StoreCore, principal: Principal, entityName: string, ids: readonly string[]): Promise<StoreRecordAccess[]> {
  countCall(core, principal);
  const entity = core.entity(entityName);
  const permissions = await resolvePermissions(core, principal);
  const flag = (privilege: RecordPrivilege) => sql<number>`case when ${accessSql(core, principal, permissions, entity, privilege)} then 1 else 0 end`;
  const rows =
    ids.length === 0
      ? []
      : await core.db
          .selectFrom(entity.name)
          .select([
            entity.primaryKey,
            flag('read').as('read'),
            flag('write').as('write'),
            flag('delete').as('delete'),
            flag('append').as('append'),
            flag('appendTo').as('appendTo'),
          ])
          .where(entity.primaryKey, 'in', [...ids])
          .execute();
  const byId = new Map(rows.map((row) => [String(row[entity.primaryKey]), row]));
  return ids.map((id) => {
    const row = byId.get(id);
    const read = row?.['read'] === 1;
    const has = (name: string) => read && row?.[name] === 1;
    return { id, read, write: has('write'), delete: has('delete'), append: has('append'), appendTo: has('appendTo') };
  });
}
