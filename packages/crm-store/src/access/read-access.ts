import { compileFilterToSql, type EntitySchema, type FilterNode } from '@fieldsync/model';
import type { Expression, SqlBool } from 'kysely';
import type { Principal } from '../api/principal';
import type { StorePermissions, StorePrivilegeDepth } from '../api/privileges';
import { StorePermissionDeniedError, StoreQuotaExceededError } from '../errors/store-errors';
import type { StoreCore } from '../store/store-core';
import { resolvePermissions } from './resolve-permissions';
import { visibilitySql } from './visibility';

/** What a read needs to know about the principal and the entity. */
export interface ReadAccess {
  readonly entity: EntitySchema;
  readonly permissions: StorePermissions;
  readonly depth: StorePrivilegeDepth;
  readonly ownerColumn: string | undefined;
  /** "The principal may read this row", in SQL over the entity's table. */
  readonly visible: Expression<SqlBool>;
}

/** Counts the call against the user's daily limit; throws `STORE_QUOTA_EXCEEDED` past it. */
export function countCall(core: StoreCore, principal: Principal): void {
  const { used, limit } = core.countApiCall(principal.userId);
  if (used > limit) throw new StoreQuotaExceededError(used - 1, limit);
}

/** Resolves read access to an entity; throws `PERMISSION_DENIED` without read privilege. */
export async function readAccess(core: StoreCore, principal: Principal, entityName: string): Promise<ReadAccess> {
  countCall(core, principal);
  const entity = core.entity(entityName);
  const permissions = await resolvePermissions(core.db, principal);
  const depth = permissions.entities[entity.name]?.read ?? 'none';
  if (depth === 'none') throw new StorePermissionDeniedError(entity.name, 'read');
  const ownerColumn = core.ownerField(entity)?.name;
  return { entity, permissions, depth, ownerColumn, visible: visibilitySql(entity, ownerColumn, principal, depth) };
}

/** The filter compiled to SQL over the entity's table (always-true without a filter). */
export function filterSql(core: StoreCore, principal: Principal, entity: EntitySchema, filter: FilterNode | undefined) {
  return compileFilterToSql(filter, {
    schema: core.schema,
    entity,
    table: entity.name,
    context: { clock: core.clock, userId: principal.userId, businessUnitId: principal.businessUnitId },
  });
}
