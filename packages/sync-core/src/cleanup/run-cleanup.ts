import type { WhoAmI } from '@fieldsync/connector-api';
import { compileFilterToSql, isReferenceType, isTimeDependent, orderParentsFirst, targetColumnOf, type Clock } from '@fieldsync/model';
import type { SyncReporter } from '../engine/sync-reporter';
import type { LocalDb, LocalExecutor } from '../local-store/local-db';
import type { LocalEntity, LocalSchema } from '../local-store/local-schema';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import { deleteRecords } from '../download/upsert-records';
import { noteOrphanParents } from './orphan-parents';
import { noteRemoved, type RemovedRecords } from './removed-records';

/** What the cleanup step works with. */
export interface CleanupContext {
  readonly db: LocalDb;
  readonly local: LocalSchema;
  readonly clock: Clock;
  readonly whoAmI: WhoAmI;
  readonly reporter: SyncReporter;
  /** Entities downloaded incrementally in this sync: records may have changed out of their filter. */
  readonly incremental: ReadonlySet<string>;
  /** Ids of records removed from the device in this sync, by entity: their children are removed too. */
  readonly removed: RemovedRecords;
}

function locallyChanged(db: LocalExecutor, entity: string) {
  return db.selectFrom(SYSTEM_TABLES.change).select('record_id').where('entity', '=', entity);
}

/** Whether every entity a filter links to is on the device, so the filter can run locally. */
function filterRunsLocally(entity: LocalEntity, local: LocalSchema): boolean {
  const linked: string[] = [];
  const visit = (node: unknown) => {
    const value = node as { kind?: string; entity?: string; children?: unknown[]; filter?: unknown };
    if (value?.kind === 'link' && value.entity) linked.push(value.entity);
    value?.children?.forEach(visit);
    if (value?.filter) visit(value.filter);
  };
  visit(entity.config.filter?.where);
  return linked.every((name) => local.entities.has(name));
}

/**
 * The cleanup step: removes records that left their sync filter (records changed by an incremental
 * download, and any record of a time-dependent filter as time passes), records of upload-only entities
 * already on the server, rows of `child` entities whose parent is not on the device (activity parties
 * of no activity) and children of records removed in this sync (notes of an account that left the
 * filter). The parents of removed children are remembered, so that their children are read again
 * when they are back on the device (`restoreChildren`). Records with local changes
 * not yet on the server are never removed. Entities that provably need nothing are skipped. Logs
 * `<Cleanup Entity="account" Deleted="3" />` per entity that lost records. Returns the records removed.
 */
export async function runCleanup(ctx: CleanupContext): Promise<number> {
  let total = 0;
  const context = { clock: ctx.clock, userId: ctx.whoAmI.userId, businessUnitId: ctx.whoAmI.businessUnitId };
  for (const entity of ctx.local.entities.values()) {
    const where = entity.config.filter?.where;
    if (!where || !filterRunsLocally(entity, ctx.local)) continue;
    if (!ctx.incremental.has(entity.schema.name) && !isTimeDependent(where)) continue;
    const pk = entity.schema.primaryKey;
    const matches = compileFilterToSql(where, { schema: ctx.local.schema, entity: entity.schema, context, path: `${entity.schema.name}.filter` });
    const leaving = await ctx.db
      .selectFrom(entity.schema.name)
      .select(pk)
      .where(pk, 'not in', ctx.db.selectFrom(entity.schema.name).select(pk).where(matches))
      .where(pk, 'not in', locallyChanged(ctx.db, entity.schema.name))
      .execute();
    const ids = leaving.map((row) => String(row[pk]));
    await deleteRecords(ctx.db, entity.schema, ids);
    noteRemoved(ctx.removed, entity.schema.name, ids);
    if (ids.length > 0) ctx.reporter.log(`<Cleanup Entity="${entity.schema.name}" Reason="filter" Deleted="${ids.length}" />`);
    total += ids.length;
  }
  // Records of upload-only entities (audit, chat posts) leave the device once they are on the server.
  for (const entity of ctx.local.entities.values()) {
    if (!entity.config.uploadOnly) continue;
    const pk = entity.schema.primaryKey;
    const sent = await ctx.db.selectFrom(entity.schema.name).select(pk).where(pk, 'not in', locallyChanged(ctx.db, entity.schema.name)).execute();
    const ids = sent.map((row) => String(row[pk]));
    await deleteRecords(ctx.db, entity.schema, ids);
    if (ids.length > 0) ctx.reporter.log(`<Cleanup Entity="${entity.schema.name}" Reason="uploaded" Deleted="${ids.length}" />`);
    total += ids.length;
  }
  // Rows that only exist under a parent (activity parties, list members) go when their parent is not on the device.
  for (const entity of ctx.local.entities.values()) {
    if (entity.schema.kind !== 'child') continue;
    const pk = entity.schema.primaryKey;
    let deleted = 0;
    for (const field of entity.schema.fields) {
      if (!field.parent || !isReferenceType(field.type)) continue;
      for (const target of field.targets ?? []) {
        const parent = ctx.local.entities.get(target);
        if (!parent) continue;
        const rows = await ctx.db
          .selectFrom(entity.schema.name)
          .select([pk, field.name])
          .where(targetColumnOf(field.name), '=', target)
          .where(field.name, 'not in', ctx.db.selectFrom(target).select(parent.schema.primaryKey))
          .where(pk, 'not in', locallyChanged(ctx.db, entity.schema.name))
          .execute();
        const ids = rows.map((row) => String(row[pk]));
        // Should the parent come to the device later, these rows are read again (decision 101).
        await noteOrphanParents(
          ctx.db,
          target,
          rows.map((row) => String(row[field.name])),
        );
        await deleteRecords(ctx.db, entity.schema, ids);
        noteRemoved(ctx.removed, entity.schema.name, ids);
        deleted += ids.length;
      }
    }
    if (deleted > 0) ctx.reporter.log(`<Cleanup Entity="${entity.schema.name}" Reason="no parent" Deleted="${deleted}" />`);
    total += deleted;
  }
  // Orphans: children of the records removed in this sync (parents first, so grandchildren follow).
  for (const name of orderParentsFirst(ctx.local.schema, [...ctx.local.entities.keys()])) {
    const entity = ctx.local.entities.get(name);
    if (!entity) continue;
    const pk = entity.schema.primaryKey;
    let deleted = 0;
    for (const field of entity.schema.fields) {
      if (!field.parent || !isReferenceType(field.type)) continue;
      for (const target of field.targets ?? []) {
        const gone = [...(ctx.removed.get(target) ?? [])];
        for (let start = 0; start < gone.length; start += 500) {
          const rows = await ctx.db
            .selectFrom(name)
            .select([pk, field.name])
            .where(field.name, 'in', gone.slice(start, start + 500))
            .where((eb) => eb.or([eb(targetColumnOf(field.name), '=', target), eb(targetColumnOf(field.name), 'is', null)]))
            .where(pk, 'not in', locallyChanged(ctx.db, name))
            .execute();
          const ids = rows.map((row) => String(row[pk]));
          // When the parent comes back, its children are read again (decision 101).
          await noteOrphanParents(
            ctx.db,
            target,
            rows.map((row) => String(row[field.name])),
          );
          await deleteRecords(ctx.db, entity.schema, ids);
          noteRemoved(ctx.removed, name, ids);
          deleted += ids.length;
        }
      }
    }
    if (deleted > 0) ctx.reporter.log(`<Cleanup Entity="${name}" Reason="orphan" Deleted="${deleted}" />`);
    total += deleted;
  }
  return total;
}
