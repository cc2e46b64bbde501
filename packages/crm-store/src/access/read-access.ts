import { compileFilterToSql, type EntitySchema, type FilterNode } from '@fieldsync/model';
import type { Expression, SqlBool } from 'kysely';
import type { Principal } from '../api/principal';
import type { StorePermissions, StorePrivilegeDepth } from '../api/privileges';
import { StorePermissionDeniedError, StoreQuotaExceededError } from '../errors/store-errors';
import type { StoreCore } from '../store/store-core';
import { controllingEntities } from './parental-chain';
import { accessSql } from './record-access';
import { resolvePermissions } from './resolve-permissions';

/** What a read needs to know about the principal and the entity. */
export interface ReadAccess {
  readonly entity: EntitySchema;
  readonly permissions: StorePermissions;
  readonly depth: StorePrivilegeDepth;
  /**
   * The entities whose access-log entries and owners decide what the principal sees of this one:
   * the entity itself, then, for a parental child, its controlling parents up the chain.
   */
  readonly sources: readonly string[];
  /** "The principal may read this row", in SQL over the entity's table (through its parent for a parental child). */
  readonly visible: Expression<SqlBool>;
}

/** The principal's read depth on an entity. */
export function readDepth(access: ReadAccess, entityName: string): StorePrivilegeDepth {
  return access.permissions.entities[entityName]?.read ?? 'none';
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
  const permissions = await resolvePermissions(core, principal);
  const depth = permissions.entities[entity.name]?.read ?? 'none';
  if (depth === 'none') throw new StorePermissionDeniedError(entity.name, 'read');
  const sources = [entity.name, ...controllingEntities(core, entity)];
  return { entity, permissions, depth, sources, visible: accessSql(core, principal, permissions, entity, 'read') };
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
