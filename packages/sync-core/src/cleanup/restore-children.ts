import type { RecordPage } from '@fieldsync/connector-api';
import { effectivePageSize, isReferenceType, orderParentsFirst, type FilterNode } from '@fieldsync/model';
import { changedIds } from '../changes/change-log';
import { readAnchor } from '../download/anchor-store';
import type { DownloadContext } from '../download/download-context';
import { upsertRecords } from '../download/upsert-records';
import { validatePage } from '../download/validate-page';
import { throwIfCancelled } from '../errors/sync-core-errors';
import type { LocalEntity } from '../local-store/local-schema';
import { forgetOrphanParents, returnedOrphanParents } from './orphan-parents';

/** Parent ids per targeted read: one `in` condition the backends take in one request. */
const PARENTS_PER_READ = 100;

/** What {@link restoreChildren} works with. */
export type RestoreChildrenContext = Pick<DownloadContext, 'db' | 'connector' | 'local' | 'settings' | 'reporter' | 'signal' | 'gate'> & {
  /** Entities the device downloads (readable, not upload-only): only their children are read. */
  readonly downloaded: ReadonlySet<string>;
};

/**
 * Reads again the children of parents that are back on the device after cleanup removed their children
 * (decision 101): for each parent entity, the remembered parents now in its table, and for each
 * downloaded entity with a `parent` lookup to it, one full read of the rows whose lookup is one of them
 * and that match the child entity's own filter. Records with local changes are not overwritten. Children
 * read this way may be parents that lost children too, so it goes on (parents first) until no remembered
 * parent is on the device. Logs `<RestoreChildren Entity="contact" Parent="account" Parents="1" Records="3" />`.
 * Returns the records written.
 */
export async function restoreChildren(ctx: RestoreChildrenContext): Promise<number> {
  const order = orderParentsFirst(ctx.local.schema, [...ctx.local.entities.keys()]);
  let total = 0;
  // Each round restores one generation (children, then grandchildren...); a round with nothing to do ends it.
  for (let round = 0; round <= order.length; round += 1) {
    let parentsSeen = 0;
    for (const parentName of order) {
      const parent = ctx.local.entities.get(parentName);
      if (!parent) continue;
      const children = childLinks(ctx, parentName);
      let afterId: string | undefined;
      for (;;) {
        throwIfCancelled(ctx.signal);
        const ids = await returnedOrphanParents(ctx.db, parentName, parent.schema.primaryKey, {
          limit: PARENTS_PER_READ,
          ...(afterId !== undefined ? { afterId } : {}),
        });
        if (ids.length === 0) break;
        parentsSeen += ids.length;
        for (const { entity, field } of children) {
          const written = await readChildren(ctx, entity, field, ids);
          if (written > 0)
            ctx.reporter.log(`<RestoreChildren Entity="${entity.schema.name}" Parent="${parentName}" Parents="${ids.length}" Records="${written}" />`);
          total += written;
        }
        await forgetOrphanParents(ctx.db, parentName, ids);
        afterId = ids[ids.length - 1];
      }
    }
    if (parentsSeen === 0) break;
  }
  return total;
}

/** The downloaded entities with a `parent` lookup that can point at `parent`, with that lookup. */
function childLinks(ctx: RestoreChildrenContext, parent: string): Array<{ entity: LocalEntity; field: string }> {
  const links: Array<{ entity: LocalEntity; field: string }> = [];
  for (const entity of ctx.local.entities.values()) {
    if (!ctx.downloaded.has(entity.schema.name)) continue;
    for (const field of entity.schema.fields) {
      if (field.parent && isReferenceType(field.type) && (field.targets ?? []).includes(parent)) links.push({ entity, field: field.name });
    }
  }
  return links;
}

/** One full read of `entity`'s rows under the parents `ids` (and its own filter), written unless changed locally. */
async function readChildren(ctx: RestoreChildrenContext, entity: LocalEntity, field: string, ids: readonly string[]): Promise<number> {
  const { schema, config } = entity;
  const under: FilterNode = { kind: 'condition', field, operator: 'in', value: ids };
  const filter: FilterNode = config.filter?.where ? { kind: 'group', type: 'and', children: [config.filter.where, under] } : under;
  const { generation } = await readAnchor(ctx.db, schema.name);
  let written = 0;
  let page: RecordPage | undefined;
  let pages = 0;
  do {
    throwIfCancelled(ctx.signal);
    page = await ctx.connector.readPage({
      entity: schema.name,
      ...(page ? { anchor: page.nextAnchor } : {}),
      fields: schema.fields.map((candidate) => candidate.name),
      filter,
      pageSize: effectivePageSize(config, schema, ctx.settings),
    });
    await validatePage(schema, page, `${schema.name}.children[${pages}]`);
    pages += 1;
    const records = page.records;
    await ctx.gate.whenNoWriterWaiting();
    written += await ctx.db.transaction().execute(async (trx) => {
      const keep = await changedIds(
        trx,
        schema.name,
        records.map((record) => record.id),
      );
      const toWrite = records.filter((record) => !keep.has(record.id));
      await upsertRecords(trx, schema, toWrite, generation);
      return toWrite.length;
    });
  } while (!page.done);
  return written;
}
