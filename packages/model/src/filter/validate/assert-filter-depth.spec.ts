import { FieldsyncError } from '../../errors/fieldsync-error';
import { FilterTooDeepError } from '../../errors/filter-too-deep-error';
import { InvalidFilterError } from '../../errors/invalid-filter-error';
import { compileFilterToOData } from '../compile/compile-filter-to-odata';
import { compileFilterToSoql } from '../compile/compile-filter-to-soql';
import { compileFilterToSql } from '../compile/compile-filter-to-sql';
import { createFilterPredicate } from '../evaluate/evaluate-filter';
import { parseFetchXml } from '../fetchxml/parse-fetch-xml';
import type { FilterNode } from '../filter-node';
import { sampleSchema as schema } from '../fixtures/sample-schema';
import { assertFilterDepth, MAX_FILTER_DEPTH } from './assert-filter-depth';
import { validateFilter } from './validate-filter';

const CONDITION: FilterNode = { kind: 'condition', field: 'name', operator: 'eq', value: 'x' };

/** A condition inside `levels - 1` nested groups: `levels` levels in all. Built iteratively. */
function nested(levels: number): FilterNode {
  let node: FilterNode = CONDITION;
  for (let i = 1; i < levels; i++) node = { kind: 'group', type: 'and', children: [node] };
  return node;
}

function nestedFetchXml(filters: number): string {
  return `<fetch><entity name="account">${'<filter>'.repeat(filters)}<condition attribute="name" operator="eq" value="x"/>${'</filter>'.repeat(filters)}</entity></fetch>`;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const account = schema.entities.find((entity) => entity.name === 'account')!;
const context = { clock: { now: () => Date.parse('2026-11-23T09:00:00Z') }, userId: 'u1', businessUnitId: 'b1' };

describe('filter nesting depth', () => {
  it(`accepts a filter of exactly ${MAX_FILTER_DEPTH} levels everywhere`, () => {
    const where = nested(MAX_FILTER_DEPTH);
    expect(() => assertFilterDepth(where)).not.toThrow();
    expect(validateFilter({ entity: 'account', where }, schema)).toEqual([]);
    expect(compileFilterToSoql({ entity: 'account', where }, { schema, context })).toContain("name = 'x'");
  });

  it('refuses one level more with FILTER_TOO_DEEP naming the limit and the node', () => {
    const error = thrown(() => assertFilterDepth(nested(MAX_FILTER_DEPTH + 1), 'filter.where'));
    expect(error).toBeInstanceOf(FilterTooDeepError);
    expect(error).toBeInstanceOf(InvalidFilterError);
    expect(FieldsyncError.is(error, 'FILTER_TOO_DEEP')).toBe(true);
    expect((error as FilterTooDeepError).details).toMatchObject({ maxDepth: MAX_FILTER_DEPTH, path: `filter.where${'.children[0]'.repeat(MAX_FILTER_DEPTH)}` });
    expect((error as Error).message).toMatch(/limit of 32 levels/);
  });

  it('refuses a filter of 20,000 nested groups in every entry point, without a RangeError', () => {
    const where = nested(20_000);
    const entry: Record<string, () => unknown> = {
      validateFilter: () => validateFilter({ entity: 'account', where }, schema),
      compileFilterToSql: () => compileFilterToSql(where, { schema, entity: account, context }),
      compileFilterToSoql: () => compileFilterToSoql({ entity: 'account', where }, { schema, context }),
      compileFilterToOData: () => compileFilterToOData({ entity: 'account', where }, { schema, context }),
      createFilterPredicate: () => createFilterPredicate(where, account, context),
    };
    for (const [name, run] of Object.entries(entry)) expect([name, FieldsyncError.is(thrown(run), 'FILTER_TOO_DEEP')]).toEqual([name, true]);
  });

  it('counts a link and the filter inside it as levels', () => {
    const where: FilterNode = { kind: 'link', lookup: 'parentaccountid', entity: 'account', filter: nested(MAX_FILTER_DEPTH) };
    expect(
      FieldsyncError.is(
        thrown(() => assertFilterDepth(where)),
        'FILTER_TOO_DEEP',
      ),
    ).toBe(true);
  });

  it('reads FetchXML nested to the limit and refuses 300,000 nested <filter>s while parsing, with the line and column', () => {
    // fetch + entity + filters + condition = the limit.
    expect(parseFetchXml(nestedFetchXml(MAX_FILTER_DEPTH - 3)).entity).toBe('account');
    for (const filters of [MAX_FILTER_DEPTH - 2, 300_000]) {
      const error = thrown(() => parseFetchXml(nestedFetchXml(filters)));
      expect(FieldsyncError.is(error, 'FILTER_TOO_DEEP')).toBe(true);
      expect((error as FilterTooDeepError).details).toMatchObject({ maxDepth: MAX_FILTER_DEPTH, line: 1, column: 30 + 8 * (MAX_FILTER_DEPTH - 2) + 1 });
    }
  });
});
