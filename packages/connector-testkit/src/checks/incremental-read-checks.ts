import type { CrmRecord, FilterNode } from '@fieldsync/model';
import { createConformanceRecordGenerator } from '../conformance-record-generator';
import { duplicateIds, idsOf } from '../support/ids-of';
import { readAllPages } from '../support/read-all-pages';
import type { ConformanceContext } from './conformance-context';

/** Incremental reads: exactly what changed, page boundaries, resumption, finished anchors. */
export function registerIncrementalReadChecks(ctx: ConformanceContext): void {
  ctx.check('returns exactly the records changed since the anchor, with their new values', async () => {
    const generator = createConformanceRecordGenerator(21);
    const ids = await ctx.control().seed('account', generator.accounts(40));
    const connector = await ctx.connect('alice');
    const full = await readAllPages(connector, { entity: 'account', pageSize: 15 });
    expect(full.records).toHaveLength(40);
    const updated = [ids[3], ids[17], ids[39]];
    for (const id of updated) await ctx.control().update('account', id, { city: 'Changed' });
    const created = await ctx.control().seed('account', generator.accounts(2));
    const changes = await readAllPages(connector, { entity: 'account', anchor: full.anchor, pageSize: 15 });
    expect(idsOf(changes.records)).toEqual([...updated, ...created].sort());
    expect(changes.removed).toEqual([]);
    for (const record of changes.records) {
      if (updated.includes(record.id)) expect(record.fields.city).toBe('Changed');
    }
  });

  ctx.check('loses nothing when many records changed at the same instant straddle a page boundary', async () => {
    const generator = createConformanceRecordGenerator(22);
    const ids = await ctx.control().seed('account', generator.accounts(30));
    const connector = await ctx.connect('alice');
    const full = await readAllPages(connector, { entity: 'account', pageSize: 7 });
    // No clock movement: every change below carries the same timestamp.
    const created = await ctx.control().seed('account', generator.accounts(25));
    const updated = ids.slice(5, 25);
    for (const id of updated) await ctx.control().update('account', id, { numberofemployees: 1 });
    const changes = await readAllPages(connector, { entity: 'account', anchor: full.anchor, pageSize: 7 });
    expect(changes.pages.length).toBeGreaterThan(1);
    expect(duplicateIds(changes.records)).toEqual([]);
    expect(idsOf(changes.records)).toEqual([...created, ...updated].sort());
  });

  ctx.check('resumes an interrupted full read from its intermediate anchor in a new connector, losing nothing', async () => {
    const generator = createConformanceRecordGenerator(23);
    const ids = await ctx.control().seed('account', generator.accounts(120));
    const first = await ctx.connect('alice');
    const page1 = await first.readPage({ entity: 'account', pageSize: 50 });
    expect(page1.done).toBe(false);
    expect(page1.records.length).toBeGreaterThan(0);
    await first.close();

    // While the read is interrupted, the server changes a record already read and one not yet read.
    const readId = page1.records[0].id;
    const unreadId = ids.find((id) => !page1.records.some((record) => record.id === id)) as string;
    await ctx.control().update('account', readId, { city: 'During interruption' });
    await ctx.control().update('account', unreadId, { city: 'During interruption' });
    const created = await ctx.control().seed('account', generator.accounts(3));

    const second = await ctx.connect('alice');
    const rest = await readAllPages(second, { entity: 'account', anchor: page1.nextAnchor, pageSize: 50 });
    const after = await readAllPages(second, { entity: 'account', anchor: rest.anchor, pageSize: 50 });

    // Replaying page 1, the rest, then the changes must give the server's state exactly.
    const latest = new Map<string, CrmRecord>();
    for (const record of [...page1.records, ...rest.records, ...after.records]) latest.set(record.id, record);
    expect([...latest.keys()].sort()).toEqual([...ids, ...created].sort());
    expect(latest.get(readId)?.fields.city).toBe('During interruption');
    expect(latest.get(unreadId)?.fields.city).toBe('During interruption');
    expect(duplicateIds([...page1.records, ...rest.records])).toEqual([]);
  });

  ctx.check('yields nothing, and done, from a finished anchor when nothing changed', async () => {
    await ctx.control().seed('account', createConformanceRecordGenerator(24).accounts(12));
    const connector = await ctx.connect('alice');
    const full = await readAllPages(connector, { entity: 'account', pageSize: 5 });
    const nothing = await connector.readPage({ entity: 'account', anchor: full.anchor, pageSize: 5 });
    expect(nothing).toMatchObject({ records: [], removed: [], done: true });
    const stillNothing = await connector.readPage({ entity: 'account', anchor: nothing.nextAnchor, pageSize: 5 });
    expect(stillNothing).toMatchObject({ records: [], removed: [], done: true });
  });

  ctx.check('reports a record that no longer matches the filter as removed for the filter', async () => {
    const generator = createConformanceRecordGenerator(25);
    const ids = await ctx.control().seed('account', generator.accounts(14));
    const inBergen: FilterNode = { kind: 'condition', field: 'city', operator: 'eq', value: 'Bergen' };
    const connector = await ctx.connect('alice');
    const full = await readAllPages(connector, { entity: 'account', filter: inBergen, pageSize: 10 });
    expect(idsOf(full.records)).toEqual([ids[0], ids[7]].sort());
    await ctx.control().update('account', ids[0], { city: 'Oslo' });
    const changes = await readAllPages(connector, { entity: 'account', filter: inBergen, anchor: full.anchor, pageSize: 10 });
    expect(changes.records).toEqual([]);
    expect(changes.removed).toEqual([{ id: ids[0], reason: 'filter' }]);
  });

  ctx.check('counts the records changed and deleted since an anchor', async () => {
    const ids = await ctx.control().seed('account', createConformanceRecordGenerator(26).accounts(20));
    const connector = await ctx.connect('alice');
    const full = await readAllPages(connector, { entity: 'account', pageSize: 50 });
    await ctx.control().update('account', ids[1], { city: 'Counted' });
    await ctx.control().update('account', ids[2], { city: 'Counted' });
    await ctx.control().remove('account', ids[3]);
    const counts = await connector.count({ entity: 'account', since: full.anchor });
    expect(counts).toEqual({ matching: 19, changedSince: 2, deletedSince: 1 });
  });
}
