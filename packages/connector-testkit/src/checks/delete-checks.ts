import type { CrmConnector, DeletedRecord } from '@fieldsync/connector-api';
import type { Anchor } from '@fieldsync/model';
import { createConformanceRecordGenerator } from '../conformance-record-generator';
import { expectErrorCode } from '../support/expect-error-code';
import { duplicateIds, idsOf } from '../support/ids-of';
import { readAllPages } from '../support/read-all-pages';
import type { ConformanceContext } from './conformance-context';

async function readAllDeletes(connector: CrmConnector, entity: string, since: Anchor, pageSize: number): Promise<DeletedRecord[]> {
  const deleted: DeletedRecord[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1_000; pages++) {
    const page = await connector.readDeletes({ entity, since, cursor, pageSize });
    expect(page.deleted.length).toBeLessThanOrEqual(pageSize);
    deleted.push(...page.deleted);
    cursor = page.cursor;
    if (cursor === undefined) return deleted;
  }
  throw new Error('readDeletes did not finish within 1,000 pages');
}

/** Server deletes: listing them (also of records created since), removals, expired anchors. */
export function registerDeleteChecks(ctx: ConformanceContext): void {
  ctx.check('lists the deletes since an anchor across cursor pages, including records created and deleted since', async () => {
    const generator = createConformanceRecordGenerator(31);
    const ids = await ctx.control().seed('account', generator.accounts(30));
    const connector = await ctx.connect('alice');
    const full = await readAllPages(connector, { entity: 'account', pageSize: 100 });
    const gone = ids.slice(0, 24);
    for (const id of gone) await ctx.control().remove('account', id);
    const [shortLived] = await ctx.control().seed('account', generator.accounts(1));
    await ctx.control().remove('account', shortLived);
    const deleted = await readAllDeletes(connector, 'account', full.anchor, 10);
    expect(duplicateIds(deleted)).toEqual([]);
    expect(idsOf(deleted)).toEqual([...gone, shortLived].sort());
    expect(deleted.every((record) => !Number.isNaN(Date.parse(record.deletedAt)))).toBe(true);
  });

  ctx.check('reports records deleted on the server as removals in the next incremental read', async () => {
    const generator = createConformanceRecordGenerator(32);
    const ids = await ctx.control().seed('account', generator.accounts(10));
    const connector = await ctx.connect('alice');
    const full = await readAllPages(connector, { entity: 'account', pageSize: 100 });
    await ctx.control().remove('account', ids[2]);
    await ctx.control().remove('account', ids[5]);
    const [shortLived] = await ctx.control().seed('account', generator.accounts(1));
    await ctx.control().remove('account', shortLived);
    const changes = await readAllPages(connector, { entity: 'account', anchor: full.anchor, pageSize: 100 });
    expect(changes.records).toEqual([]);
    const removed = changes.removed.filter((removal) => removal.id !== shortLived);
    expect(removed.sort((a, b) => a.id.localeCompare(b.id))).toEqual([ids[2], ids[5]].sort().map((id) => ({ id, reason: 'deleted' })));
  });

  ctx.check('asks for a full resync when the anchor has expired', async () => {
    const ids = await ctx.control().seed('account', createConformanceRecordGenerator(33).accounts(5));
    const connector = await ctx.connect('alice');
    const full = await readAllPages(connector, { entity: 'account', pageSize: 100 });
    await ctx.control().remove('account', ids[0]);
    await ctx.control().advanceClock(60_000);
    await ctx.control().injectFault({ kind: 'expire-anchors' });
    await expectErrorCode(connector.readDeletes({ entity: 'account', since: full.anchor }), 'FULL_RESYNC_REQUIRED');
    if (ctx.options.incrementalReadDetectsExpiredAnchors) {
      await expectErrorCode(connector.readPage({ entity: 'account', anchor: full.anchor, pageSize: 10 }), 'FULL_RESYNC_REQUIRED');
    }
  });
}
