import type { FilterNode } from '@fieldsync/model';
import { CONFORMANCE_CITIES, createConformanceRecordGenerator } from '../conformance-record-generator';
import { expectErrorCode } from '../support/expect-error-code';
import { duplicateIds, idsOf } from '../support/ids-of';
import { readAllPages } from '../support/read-all-pages';
import type { ConformanceContext } from './conformance-context';

const inBergen: FilterNode = { kind: 'condition', field: 'city', operator: 'eq', value: 'Bergen' };

/** Full reads: filters on the backend, paging over large sets, field selection, counts. */
export function registerFullReadChecks(ctx: ConformanceContext): void {
  ctx.check('returns exactly the records matching a filter, and the filter runs on the backend', async () => {
    const generator = createConformanceRecordGenerator(11);
    const values = generator.accounts(350);
    const ids = await ctx.control().seed('account', values);
    const expected = ids.filter((_, i) => values[i].city === 'Bergen').sort();
    expect(expected.length).toBe(Math.ceil(350 / CONFORMANCE_CITIES.length));
    const connector = await ctx.connect('alice');
    await ctx.control().resetCounters();
    const read = await readAllPages(connector, { entity: 'account', filter: inBergen, pageSize: 20 });
    expect(idsOf(read.records)).toEqual(expected);
    expect(read.records.every((record) => record.fields.city === 'Bergen')).toBe(true);
    expect((await ctx.control().counters()).recordsSent).toBe(expected.length);
  });

  ctx.check('refuses a filter on an unknown field with InvalidFilterError', async () => {
    const connector = await ctx.connect('alice');
    const filter: FilterNode = { kind: 'condition', field: 'no_such_field', operator: 'eq', value: 1 };
    await expectErrorCode(connector.readPage({ entity: 'account', filter, pageSize: 10 }), 'INVALID_FILTER');
  });

  ctx.check(
    'reads more than 10,000 records across pages of 2,000 and of the maximum size, exactly and without duplicates',
    async () => {
      const size = ctx.options.largeSetSize;
      const ids = await ctx.control().seed('account', createConformanceRecordGenerator(12).accounts(size));
      const expected = [...ids].sort();
      expect(new Set(ids).size).toBe(size);
      const connector = await ctx.connect('alice');
      for (const pageSize of [2_000, connector.capabilities.maxPageSize]) {
        const read = await readAllPages(connector, { entity: 'account', pageSize, fields: ['name'] });
        expect(duplicateIds(read.records)).toEqual([]);
        expect(idsOf(read.records)).toEqual(expected);
        expect(read.pages.every((page) => page.records.length <= pageSize)).toBe(true);
        expect(read.pages.length).toBeGreaterThanOrEqual(Math.ceil(size / pageSize));
      }
      const oversized = await connector.readPage({ entity: 'account', pageSize: connector.capabilities.maxPageSize + 1_000 });
      expect(oversized.records.length).toBeLessThanOrEqual(connector.capabilities.maxPageSize);
    },
    { large: true },
  );

  ctx.check('returns only the fields asked for, always with the primary key and the version', async () => {
    const [id] = await ctx.control().seed('account', createConformanceRecordGenerator(13).accounts(1));
    const connector = await ctx.connect('alice');
    const page = await connector.readPage({ entity: 'account', fields: ['name', 'city'], pageSize: 10 });
    expect(page.records).toHaveLength(1);
    const [record] = page.records;
    expect(record.id).toBe(id);
    expect(record.entity).toBe('account');
    expect(record.fields.accountid).toBe(id);
    expect(typeof record.version).toBe('string');
    expect(Object.keys(record.fields).sort()).toEqual(['accountid', 'city', 'name']);
  });

  ctx.check('counts the records matching a filter on the backend', async () => {
    await ctx.control().seed('account', createConformanceRecordGenerator(14).accounts(70));
    const connector = await ctx.connect('alice');
    await expect(connector.count({ entity: 'account', filter: inBergen })).resolves.toMatchObject({ matching: 10 });
    await expect(connector.count({ entity: 'account' })).resolves.toMatchObject({ matching: 70 });
  });
}
