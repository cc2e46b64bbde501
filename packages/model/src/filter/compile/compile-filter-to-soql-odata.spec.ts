import type { FilterContext } from '../evaluation-context';
import type { FilterCondition, FilterLiteral, FilterNode, SyncFilter } from '../filter-node';
import type { FilterOperator } from '../filter-operator';
import { sampleSchema as schema } from '../fixtures/sample-schema';
import { compileFilterToOData } from './compile-filter-to-odata';
import { compileFilterToSoql } from './compile-filter-to-soql';

const context: FilterContext = {
  clock: { now: () => Date.parse('2026-11-22T09:30:00.000Z') },
  userId: '5a1e0000-0000-0000-0000-000000000001',
  businessUnitId: 'b0000000-0000-0000-0000-000000000001',
};
const account = '7b9d3c1e-1111-2222-3333-444455556666';

const on = (field: string, operator: FilterOperator, value?: FilterLiteral | FilterLiteral[]): SyncFilter => ({
  entity: 'contact',
  where: (value === undefined ? { kind: 'condition', field, operator } : { kind: 'condition', field, operator, value }) as FilterCondition,
});

// operator, condition, SOQL, OData. This table is also the reference in docs/filters.md.
const table: [string, SyncFilter, string, string][] = [
  ['eq (text, quotes and backslash)', on('fullname', 'eq', "O'Brien \\ Co"), "fullname = 'O\\'Brien \\\\ Co'", "fullname eq 'O''Brien \\ Co'"],
  [
    'ne (int from FetchXML text)',
    on('numberofchildren', 'ne', '2'),
    '(numberofchildren != 2 AND numberofchildren != null)',
    '(numberofchildren ne 2 and numberofchildren ne null)',
  ],
  ['lt (money)', on('creditlimit', 'lt', 10.5), 'creditlimit < 10.5', 'creditlimit lt 10.5'],
  ['le (datetime)', on('createdon', 'le', '2026-11-22T09:30:00Z'), 'createdon <= 2026-11-22T09:30:00Z', 'createdon le 2026-11-22T09:30:00.000Z'],
  ['gt (date)', on('birthdate', 'gt', '2000-01-31'), 'birthdate > 2000-01-31', 'birthdate gt 2000-01-31'],
  ['ge (picklist)', on('gendercode', 'ge', 1), 'gendercode >= 1', 'gendercode ge 1'],
  ['eq (bool)', on('donotemail', 'eq', 'true'), 'donotemail = TRUE', 'donotemail eq true'],
  ['eq (lookup id)', on('parentcustomerid', 'eq', account), `parentcustomerid = '${account}'`, `_parentcustomerid_value eq ${account}`],
  ['in', on('gendercode', 'in', ['1', '2']), 'gendercode IN (1, 2)', '(gendercode eq 1 or gendercode eq 2)'],
  [
    'not-in',
    on('fullname', 'not-in', ['a', 'b']),
    "(fullname NOT IN ('a', 'b') AND fullname != null)",
    "(fullname ne 'a' and fullname ne 'b' and fullname ne null)",
  ],
  ['like %x%', on('fullname', 'like', '%smith%'), "fullname LIKE '%smith%'", "contains(fullname,'smith')"],
  ['like x%', on('fullname', 'like', 'smith%'), "fullname LIKE 'smith%'", "startswith(fullname,'smith')"],
  ['like %x', on('fullname', 'like', '%son'), "fullname LIKE '%son'", "endswith(fullname,'son')"],
  ['begins-with (wildcards taken literally)', on('fullname', 'begins-with', '50%_off'), "fullname LIKE '50\\%\\_off%'", "startswith(fullname,'50%_off')"],
  ['null', on('fullname', 'null'), 'fullname = null', 'fullname eq null'],
  ['not-null (lookup)', on('parentcustomerid', 'not-null'), 'parentcustomerid != null', '_parentcustomerid_value ne null'],
  ['last-x-days', on('createdon', 'last-x-days', 7), 'createdon = LAST_N_DAYS:7', "Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)"],
  ['next-x-days', on('createdon', 'next-x-days', 3), 'createdon = NEXT_N_DAYS:3', "Microsoft.Dynamics.CRM.NextXDays(PropertyName='createdon',PropertyValue=3)"],
  [
    'older-than-x-days',
    on('createdon', 'older-than-x-days', 30),
    'createdon < LAST_N_DAYS:30',
    "Microsoft.Dynamics.CRM.OlderThanXDays(PropertyName='createdon',PropertyValue=30)",
  ],
  [
    'on-or-after (datetime)',
    on('createdon', 'on-or-after', '2026-11-01'),
    'createdon >= 2026-11-01T00:00:00Z',
    "Microsoft.Dynamics.CRM.OnOrAfter(PropertyName='createdon',PropertyValue='2026-11-01')",
  ],
  [
    'on-or-before (datetime)',
    on('createdon', 'on-or-before', '2026-11-30'),
    'createdon < 2026-12-01T00:00:00Z',
    "Microsoft.Dynamics.CRM.OnOrBefore(PropertyName='createdon',PropertyValue='2026-11-30')",
  ],
  [
    'on-or-before (date)',
    on('birthdate', 'on-or-before', '2000-12-31'),
    'birthdate <= 2000-12-31',
    "Microsoft.Dynamics.CRM.OnOrBefore(PropertyName='birthdate',PropertyValue='2000-12-31')",
  ],
  ['eq-userid', on('ownerid', 'eq-userid'), `ownerid = '${context.userId}'`, "Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid')"],
  [
    'eq-businessid',
    on('owningbusinessunit', 'eq-businessid'),
    `owningbusinessunit = '${context.businessUnitId}'`,
    "Microsoft.Dynamics.CRM.EqualBusinessId(PropertyName='owningbusinessunit')",
  ],
];

describe('compileFilterToSoql', () => {
  it.each(table)('compiles %s', (_name, filter, soql) => {
    expect(compileFilterToSoql(filter, { schema, context })).toBe(soql);
  });

  const linked: SyncFilter = {
    entity: 'contact',
    where: {
      kind: 'group',
      type: 'and',
      children: [
        { kind: 'condition', field: 'donotemail', operator: 'eq', value: false },
        {
          kind: 'link',
          lookup: 'parentcustomerid',
          entity: 'account',
          filter: {
            kind: 'group',
            type: 'or',
            children: [
              { kind: 'condition', field: 'name', operator: 'begins-with', value: 'Con' },
              { kind: 'condition', field: 'statuscode', operator: 'eq', value: '1' },
            ],
          },
        },
      ],
    },
  };

  it('compiles a link into relationship paths, guarded by the lookup being set', () => {
    expect(compileFilterToSoql(linked, { schema, context })).toBe(
      "(donotemail = FALSE AND (parentcustomerid != null AND (parentcustomer.name LIKE 'Con%' OR parentcustomer.statuscode = 1)))",
    );
  });

  it('uses the API names the connector gives for fields and relationships', () => {
    const names: Record<string, string> = { donotemail: 'HasOptedOutOfEmail', parentcustomerid: 'AccountId', name: 'Name', statuscode: 'Status__c' };
    expect(compileFilterToSoql(linked, { schema, context, fieldName: (_e, f) => names[f] ?? f, relationshipName: () => 'Account' })).toBe(
      "(HasOptedOutOfEmail = FALSE AND (AccountId != null AND (Account.Name LIKE 'Con%' OR Account.Status__c = 1)))",
    );
  });

  it('writes nothing for a filter that selects everything and a false test for one that selects nothing', () => {
    const empty = (type: 'and' | 'or'): SyncFilter => ({ entity: 'contact', where: { kind: 'group', type, children: [] } });
    expect(compileFilterToSoql({ entity: 'contact' }, { schema, context })).toBe('');
    expect(compileFilterToSoql(empty('and'), { schema, context })).toBe('');
    expect(compileFilterToSoql(empty('or'), { schema, context })).toBe('contactid = null');
  });

  it('rejects an unknown field with its path', () => {
    expect(() => compileFilterToSoql(on('nickname', 'eq', 'x'), { schema, context })).toThrow(
      expect.objectContaining({ code: 'INVALID_FILTER', path: 'where.field' }),
    );
  });
});

describe('compileFilterToOData', () => {
  it.each(table)('compiles %s', (_name, filter, _soql, odata) => {
    expect(compileFilterToOData(filter, { schema, context })).toBe(odata);
  });

  const link = (filter: FilterNode): SyncFilter => ({ entity: 'contact', where: { kind: 'link', lookup: 'parentcustomerid', entity: 'account', filter } });

  it('compiles a link into a navigation path, guarded by the lookup being set', () => {
    const filter = link({ kind: 'condition', field: 'name', operator: 'begins-with', value: 'Con' });
    expect(compileFilterToOData(filter, { schema, context })).toBe("(_parentcustomerid_value ne null and startswith(parentcustomerid/name,'Con'))");
    expect(compileFilterToOData(filter, { schema, context, lookupProperty: (l, e) => `${l}_${e}` })).toBe(
      "(_parentcustomerid_value ne null and startswith(parentcustomerid_account/name,'Con'))",
    );
  });

  it('refuses what OData cannot express, naming the path', () => {
    expect(() => compileFilterToOData(on('fullname', 'like', 'a_b%'), { schema, context })).toThrow(
      expect.objectContaining({ code: 'INVALID_FILTER', path: 'where.value' }),
    );
    expect(() => compileFilterToOData(on('fullname', 'like', 'a%b'), { schema, context })).toThrow(/cannot be expressed in OData/);
    expect(() => compileFilterToOData(link({ kind: 'condition', field: 'createdon', operator: 'last-x-days', value: 1 }), { schema, context })).toThrow(
      expect.objectContaining({ path: 'where.filter.operator' }),
    );
  });

  it('writes nothing for a filter that selects everything and false for one that selects nothing', () => {
    expect(compileFilterToOData({ entity: 'contact', where: { kind: 'group', type: 'and', children: [] } }, { schema, context })).toBe('');
    expect(compileFilterToOData({ entity: 'contact', where: { kind: 'group', type: 'or', children: [] } }, { schema, context })).toBe('false');
  });
});
