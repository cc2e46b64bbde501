import fc from 'fast-check';
import type { FieldValue, FieldValues } from '../../record/field-value';
import type { EntitySchema, Schema } from '../../schema/entity-schema';
import type { FilterContext } from '../evaluation-context';
import type { FilterCondition, FilterLiteral, FilterNode } from '../filter-node';
import type { FilterOperator } from '../filter-operator';
import { createFilterPredicate } from '../evaluate/evaluate-filter';
import { clearTable, createEntityTable, insertRecords, openMemoryDb, type MemoryDb } from '../testing/memory-sqlite';
import { compileFilterToSql } from './compile-filter-to-sql';

const NOW = Date.parse('2026-11-22T09:30:00.000Z');
const DAY = 86_400_000;
const START_OF_TODAY = Date.parse('2026-11-22T00:00:00.000Z');
const context: FilterContext = { clock: { now: () => NOW }, userId: 'u1', businessUnitId: 'b1' };

const account: EntitySchema = {
  name: 'account',
  primaryKey: 'accountid',
  fields: [
    { name: 'accountid', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'statuscode', type: 'status' },
    { name: 'revenue', type: 'money' },
    { name: 'isprivate', type: 'bool' },
    { name: 'createdon', type: 'datetime' },
    { name: 'ownerid', type: 'owner' },
  ],
};

const contact: EntitySchema = {
  name: 'contact',
  primaryKey: 'contactid',
  fields: [
    { name: 'contactid', type: 'string' },
    { name: 'fullname', type: 'string' },
    { name: 'description', type: 'memo' },
    { name: 'numberofchildren', type: 'int' },
    { name: 'creditlimit', type: 'money' },
    { name: 'discount', type: 'decimal' },
    { name: 'donotemail', type: 'bool' },
    { name: 'createdon', type: 'datetime' },
    { name: 'birthdate', type: 'date' },
    { name: 'gendercode', type: 'picklist' },
    { name: 'parentcustomerid', type: 'lookup', targets: ['account', 'contact'] },
    { name: 'ownerid', type: 'owner' },
    { name: 'owningbusinessunit', type: 'lookup', targets: ['businessunit'] },
  ],
};

const schema: Schema = { entities: [account, contact] };

// Text chosen to break naive implementations: wildcards, escapes, quotes, case, accents, characters
// above U+FFFF (UTF-16 order differs from SQLite's code point order) and U+FFFD. A small pool, so
// that literals often meet the records' values.
const TEXT_POOL = ['', 'a', 'A', 'ab', 'aB', 'b', 'É', 'é', 'e', '😀', '\uFFFD', '%', '_', 'a%', 'a_b', "o'k", '\\', 'É😀', 'é\uFFFD'];
const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TEXT_POOL) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...TEXT_POOL), { maxLength: 3 }).map((parts) => parts.join('')) },
);
const likePattern = fc.array(fc.constantFrom('%', '_', 'a', 'A', 'b', 'é', 'É', '\\', '😀', "'"), { maxLength: 3 }).map((parts) => parts.join(''));

const iso = (ms: number) => new Date(ms).toISOString();
// Instants near the day boundaries that the relative-date operators cut at.
const boundaryInstant = fc
  .tuple(fc.integer({ min: -8, max: 8 }), fc.constantFrom(-1, 0, 1, 3_600_000, NOW - START_OF_TODAY, NOW - START_OF_TODAY + 1))
  .map(([days, offset]) => iso(START_OF_TODAY + days * DAY + offset));
const datetime = fc.oneof(
  boundaryInstant,
  fc.integer({ min: -12 * 24, max: 12 * 24 }).map((h) => iso(NOW + h * 3_600_000)),
);
const date = fc.integer({ min: -9, max: 9 }).map((d) => iso(START_OF_TODAY + d * DAY).slice(0, 10));
const integer = fc.integer({ min: -3, max: 3 });
const decimal = fc.constantFrom(-1.5, 0, 0.1, 2.25, 3, 1_000_000);
const picklist = fc.constantFrom(1, 2, 3);
const accountIds = ['a1', 'a2', 'a3', 'a4'];
const reference = (entities: string[], ids: string[]) => fc.record({ entity: fc.constantFrom(...entities), id: fc.constantFrom(...ids) });

function nullable<T extends FieldValue>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null | undefined> {
  return fc.oneof({ weight: 6, arbitrary: arb }, { weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constant(undefined) });
}

function record<T extends Record<string, fc.Arbitrary<FieldValue | undefined>>>(model: T): fc.Arbitrary<FieldValues> {
  return fc.record(model).map((fields) => {
    const out: Record<string, FieldValue> = {};
    for (const [name, value] of Object.entries(fields)) if (value !== undefined) out[name] = value as FieldValue;
    return out;
  });
}

const accountRecord = (id: string) =>
  record({
    accountid: fc.constant(id),
    name: nullable(text),
    statuscode: nullable(picklist),
    revenue: nullable(decimal),
    isprivate: nullable(fc.boolean()),
    createdon: nullable(datetime),
    ownerid: nullable(reference(['systemuser', 'team'], ['u1', 'u2'])),
  });

const contactRecord = (id: string) =>
  record({
    contactid: fc.constant(id),
    fullname: nullable(text),
    description: nullable(text),
    numberofchildren: nullable(integer),
    creditlimit: nullable(decimal),
    discount: nullable(decimal),
    donotemail: nullable(fc.boolean()),
    createdon: nullable(datetime),
    birthdate: nullable(date),
    gendercode: nullable(picklist),
    parentcustomerid: nullable(reference(['account', 'contact'], [...accountIds, 'a9', 'c1'])),
    ownerid: nullable(reference(['systemuser', 'team'], ['u1', 'u2'])),
    owningbusinessunit: nullable(reference(['businessunit'], ['b1', 'b2'])),
  });

const cond = (field: string, operator: FilterOperator, value?: FilterLiteral | FilterLiteral[]): FilterCondition =>
  value === undefined ? { kind: 'condition', field, operator } : { kind: 'condition', field, operator, value };

const COMPARISONS: FilterOperator[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const PRESENCE: FilterOperator[] = ['null', 'not-null'];
const RELATIVE: FilterOperator[] = ['last-x-days', 'next-x-days', 'older-than-x-days'];

/** Conditions of every operator that fits the field's type, with values (sometimes as text, as FetchXML gives them). */
function conditionsFor(field: string, type: string): fc.Arbitrary<FilterCondition> {
  const compare = (value: fc.Arbitrary<FilterLiteral>) =>
    fc.oneof(
      fc.tuple(fc.constantFrom(...COMPARISONS), value).map(([op, v]) => cond(field, op, v)),
      fc.tuple(fc.constantFrom<FilterOperator>('in', 'not-in'), fc.array(value, { maxLength: 3 })).map(([op, v]) => cond(field, op, v)),
      fc.constantFrom(...PRESENCE).map((op) => cond(field, op)),
    );
  switch (type) {
    case 'text':
      return fc.oneof(
        compare(text),
        likePattern.map((p) => cond(field, 'like', p)),
        text.map((v) => cond(field, 'begins-with', v)),
      );
    case 'int':
      return compare(fc.oneof(integer, integer.map(String)));
    case 'decimal':
      return compare(fc.oneof(decimal, decimal.map(String)));
    case 'picklist':
      return compare(fc.oneof(picklist, picklist.map(String)));
    case 'bool':
      return compare(fc.constantFrom<FilterLiteral>(true, false, 'true', 'false', '1', '0'));
    case 'datetime':
    case 'date':
      return fc.oneof(
        compare(
          type === 'date'
            ? date
            : fc.oneof(
                datetime,
                date,
                datetime.map((v) => v.replace('.000Z', 'Z')),
                datetime.map((v) => v.replace('.000Z', '+01:30')),
              ),
        ),
        fc.tuple(fc.constantFrom(...RELATIVE), fc.integer({ min: 0, max: 6 })).map(([op, d]) => cond(field, op, d)),
        fc.tuple(fc.constantFrom<FilterOperator>('on-or-after', 'on-or-before'), date).map(([op, d]) => cond(field, op, d)),
      );
    case 'lookup':
      return compare(fc.constantFrom(...accountIds, 'a9', 'u1', 'b1'));
    case 'owner':
      return fc.oneof(compare(fc.constantFrom('u1', 'u2')), fc.constant(cond(field, 'eq-userid')));
    case 'businessunit':
      return fc.oneof(compare(fc.constantFrom('b1', 'b2')), fc.constant(cond(field, 'eq-businessid')));
    default:
      throw new Error(type);
  }
}

const contactCondition = fc.oneof(
  conditionsFor('fullname', 'text'),
  conditionsFor('description', 'text'),
  conditionsFor('numberofchildren', 'int'),
  conditionsFor('creditlimit', 'decimal'),
  conditionsFor('discount', 'decimal'),
  conditionsFor('donotemail', 'bool'),
  conditionsFor('createdon', 'datetime'),
  conditionsFor('birthdate', 'date'),
  conditionsFor('gendercode', 'picklist'),
  conditionsFor('parentcustomerid', 'lookup'),
  conditionsFor('ownerid', 'owner'),
  conditionsFor('owningbusinessunit', 'businessunit'),
  conditionsFor('contactid', 'text'),
);

const accountCondition = fc.oneof(
  conditionsFor('name', 'text'),
  conditionsFor('statuscode', 'picklist'),
  conditionsFor('revenue', 'decimal'),
  conditionsFor('isprivate', 'bool'),
  conditionsFor('createdon', 'datetime'),
  conditionsFor('ownerid', 'owner'),
);

function tree(leaf: fc.Arbitrary<FilterNode>, depth: number): fc.Arbitrary<FilterNode> {
  if (depth === 0) return leaf;
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    {
      weight: 2,
      arbitrary: fc
        .record({ type: fc.constantFrom<'and' | 'or'>('and', 'or'), children: fc.array(tree(leaf, depth - 1), { maxLength: 3 }) })
        .map(({ type, children }): FilterNode => ({ kind: 'group', type, children })),
    },
  );
}

const link: fc.Arbitrary<FilterNode> = tree(accountCondition, 2).map((filter) => ({
  kind: 'link',
  lookup: 'parentcustomerid',
  entity: 'account',
  filter,
}));

const filterNode = tree(fc.oneof({ weight: 5, arbitrary: contactCondition }, { weight: 1, arbitrary: link }), 3);

const dataset = fc.record({
  accounts: fc.tuple(...accountIds.map(accountRecord)),
  contacts: fc.integer({ min: 0, max: 20 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => contactRecord(`c${i}`)))),
});

describe('compileFilterToSql and evaluateFilter', () => {
  let db: MemoryDb;

  beforeAll(async () => {
    db = openMemoryDb();
    await createEntityTable(db, account);
    await createEntityTable(db, contact);
  });

  afterAll(async () => {
    await db.destroy();
  });

  async function assertSameSelection(data: { accounts: FieldValues[]; contacts: FieldValues[] }, filters: FilterNode[], qualify: boolean) {
    await clearTable(db, contact);
    await clearTable(db, account);
    await insertRecords(db, account, data.accounts);
    await insertRecords(db, contact, data.contacts);
    const parents = new Map(data.accounts.map((fields) => [fields.accountid as string, fields]));
    const resolveParent = (entity: string, id: string) => (entity === 'account' && parents.has(id) ? { entity, id, fields: parents.get(id)! } : undefined);

    for (const where of filters) {
      const predicate = createFilterPredicate(where, contact, context, { resolveParent, schema });
      const expected = data.contacts.filter((fields) => predicate(fields)).map((fields) => fields.contactid as string);
      const query = qualify
        ? db
            .selectFrom('contact as c')
            .select('c.contactid')
            .where(compileFilterToSql(where, { schema, entity: contact, context, table: 'c' }))
        : db
            .selectFrom('contact')
            .select('contactid')
            .where(compileFilterToSql(where, { schema, entity: contact, context }));
      const rows = (await query.execute()) as { contactid: string }[];
      const actual = rows.map((row) => row.contactid);
      expect({ where, ids: [...actual].sort() }).toEqual({ where, ids: [...expected].sort() });
    }
  }

  it('select exactly the same records for every operator, nulls, tricky text, links and relative dates', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, fc.array(filterNode, { minLength: 1, maxLength: 6 }), fc.boolean(), (data, filters, qualify) =>
        assertSameSelection(data, filters, qualify),
      ),
      { numRuns: 1000, seed: 20261122 },
    );
  });

  it('order text by code point and match LIKE patterns as SQLite does, on a dense alphabet', async () => {
    const letters = ['a', 'A', 'é', 'É', '😀', '\uFFFD', '\uE000', '%', '_', '\\'];
    const word = fc.array(fc.constantFrom(...letters), { maxLength: 2 }).map((parts) => parts.join(''));
    const textCondition = fc.oneof(
      fc.tuple(fc.constantFrom(...COMPARISONS), word).map(([op, v]) => cond('fullname', op, v)),
      fc.tuple(fc.constantFrom<FilterOperator>('like', 'begins-with'), word).map(([op, v]) => cond('fullname', op, v)),
      fc.tuple(fc.constantFrom<FilterOperator>('in', 'not-in'), fc.array(word, { maxLength: 3 })).map(([op, v]) => cond('fullname', op, v)),
    );
    const contacts = fc
      .array(fc.option(word, { nil: null }), { maxLength: 25 })
      .map((names) => names.map((fullname, i): FieldValues => ({ contactid: `c${i}`, fullname })));
    await fc.assert(
      fc.asyncProperty(contacts, fc.array(textCondition, { minLength: 1, maxLength: 8 }), (list, filters) =>
        assertSameSelection({ accounts: [], contacts: list }, filters, false),
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('puts every value in a parameter and quotes every identifier', () => {
    const where: FilterNode = {
      kind: 'group',
      type: 'and',
      children: [
        cond('fullname', 'eq', "x' or 1=1 --"),
        cond('fullname', 'begins-with', '50%_off'),
        { kind: 'link', lookup: 'parentcustomerid', entity: 'account', filter: cond('name', 'like', 'A%') },
      ],
    };
    const compiled = db
      .selectFrom('contact')
      .select('contactid')
      .where(compileFilterToSql(where, { schema, entity: contact, context }))
      .compile();
    expect(compiled.sql).toBe(
      'select "contactid" from "contact" where ("fullname" = ? and "fullname" like ? escape ? and "parentcustomerid" in (select "__fs_link0"."accountid" from "account" as "__fs_link0" where "__fs_link0"."name" like ?))',
    );
    expect(compiled.parameters).toEqual(["x' or 1=1 --", '50\\%\\_off%', '\\', 'A%']);
  });
});
