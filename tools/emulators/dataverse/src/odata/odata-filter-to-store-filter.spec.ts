import { generateDemoOrg, demoSchema } from '@fieldsync/demo-org';
import { compileFilterToOData, evaluateFilter, type CrmRecord, type FilterContext, type FilterNode, type SyncFilter } from '@fieldsync/model';
import { EntityCatalog } from '../naming/entity-catalog';
import { DataverseApiError } from '../server/dataverse-api-error';
import { odataFilterToStoreFilter } from './odata-filter-to-store-filter';
import { parseODataFilter } from './parse-odata-filter';

const org = generateDemoOrg({ records: 400, seed: 3 });
const now = Date.parse('2026-01-05T12:00:00.000Z');
const clock = { now: () => now };
const catalog = new EntityCatalog(demoSchema);
const owner = org.records['contact'][0].fields['ownerid'] as { id: string };
const context: FilterContext = { clock, userId: owner.id, businessUnitId: 'b0000000-0000-0000-0000-000000000001' };
const byId = new Map<string, CrmRecord>(
  Object.values(org.records)
    .flat()
    .map((r) => [`${r.entity}:${r.id}`, r]),
);
const resolveParent = (entity: string, id: string) => byId.get(`${entity}:${id}`);

const translate = (entity: string, odata: string): FilterNode =>
  odataFilterToStoreFilter(parseODataFilter(odata), catalog.byName(entity)!.entity, { catalog, clock });

const matches = (entity: string, node: FilterNode | undefined) =>
  org.records[entity].filter((r) => evaluateFilter(node, r, catalog.byName(entity)!.entity, context, resolveParent, demoSchema)).map((r) => r.id);

const account = org.records['account'][3];
const contact = org.records['contact'].find((c) => c.fields['parentcustomerid'] !== null)!;
const filters: SyncFilter[] = [
  { entity: 'account', where: { kind: 'condition', field: 'name', operator: 'eq', value: String(account.fields['name']) } },
  { entity: 'account', where: { kind: 'condition', field: 'revenue', operator: 'ne', value: 1000 } },
  { entity: 'account', where: { kind: 'condition', field: 'industrycode', operator: 'in', value: [1, 5, 7] } },
  { entity: 'account', where: { kind: 'condition', field: 'industrycode', operator: 'not-in', value: [1, 5] } },
  { entity: 'account', where: { kind: 'condition', field: 'name', operator: 'like', value: '%a%' } },
  { entity: 'account', where: { kind: 'condition', field: 'name', operator: 'like', value: 'B%' } },
  { entity: 'account', where: { kind: 'condition', field: 'name', operator: 'like', value: '%Ltd' } },
  { entity: 'account', where: { kind: 'condition', field: 'parentaccountid', operator: 'null' } },
  { entity: 'account', where: { kind: 'condition', field: 'createdon', operator: 'last-x-days', value: 30 } },
  { entity: 'account', where: { kind: 'condition', field: 'createdon', operator: 'older-than-x-days', value: 30 } },
  { entity: 'account', where: { kind: 'condition', field: 'createdon', operator: 'on-or-after', value: '2025-12-01' } },
  { entity: 'account', where: { kind: 'condition', field: 'ownerid', operator: 'eq-userid' } },
  {
    entity: 'account',
    where: {
      kind: 'group',
      type: 'or',
      children: [
        { kind: 'condition', field: 'revenue', operator: 'gt', value: 500000 },
        { kind: 'condition', field: 'creditonhold', operator: 'eq', value: true },
      ],
    },
  },
  {
    entity: 'contact',
    where: { kind: 'condition', field: 'parentcustomerid', operator: 'eq', value: (contact.fields['parentcustomerid'] as { id: string }).id },
  },
  {
    entity: 'contact',
    where: { kind: 'link', lookup: 'parentcustomerid', entity: 'account', filter: { kind: 'condition', field: 'industrycode', operator: 'eq', value: 5 } },
  },
  {
    entity: 'contact',
    where: { kind: 'link', lookup: 'parentcustomerid', entity: 'account', filter: { kind: 'condition', field: 'revenue', operator: 'ne', value: 10 } },
  },
];

describe('odataFilterToStoreFilter', () => {
  it.each(filters.map((f, i) => [i, f] as const))('selects the same records as the sync filter it was compiled from (#%i)', (_, filter) => {
    const odata = compileFilterToOData(filter, { schema: demoSchema, context, lookupProperty: (lookup, entity) => `${lookup}_${entity}` });
    const translated = translate(filter.entity, odata);
    expect(matches(filter.entity, translated)).toEqual(matches(filter.entity, filter.where));
  });

  it("keeps OData's null rules: ne and negated comparisons also match null", () => {
    const records = org.records['account'];
    const parent = (records.find((r) => r.fields['parentaccountid'] !== null)!.fields['parentaccountid'] as { id: string }).id;
    const parentOf = (r: CrmRecord) => (r.fields['parentaccountid'] as { id: string } | null)?.id ?? null;
    expect(records.some((r) => parentOf(r) === null)).toBe(true);
    expect(matches('account', translate('account', `_parentaccountid_value ne ${parent}`))).toEqual(
      records.filter((r) => parentOf(r) !== parent).map((r) => r.id),
    );
    expect(matches('account', translate('account', `not (_parentaccountid_value eq ${parent})`))).toEqual(
      records.filter((r) => parentOf(r) !== parent).map((r) => r.id),
    );
    expect(matches('account', translate('account', 'not (revenue gt 1000000)'))).toEqual(
      records.filter((r) => !((r.fields['revenue'] as number) > 1000000)).map((r) => r.id),
    );
    expect(matches('account', translate('account', 'not (_parentaccountid_value eq null or revenue eq null)'))).toEqual(
      matches('account', translate('account', '_parentaccountid_value ne null and revenue ne null')),
    );
  });

  it('maps Today and On to the day of the clock', () => {
    expect(translate('account', "Microsoft.Dynamics.CRM.Today(PropertyName='createdon')")).toEqual({
      kind: 'group',
      type: 'and',
      children: [
        { kind: 'condition', field: 'createdon', operator: 'on-or-after', value: '2026-01-05' },
        { kind: 'condition', field: 'createdon', operator: 'on-or-before', value: '2026-01-05' },
      ],
    });
    expect(translate('account', "Microsoft.Dynamics.CRM.On(PropertyName='createdon',PropertyValue='2026-01-01')")).toMatchObject({
      kind: 'group',
      type: 'and',
    });
  });

  it('names unknown properties, incompatible types and unknown functions in 0x80060888 errors', () => {
    const message = (entity: string, odata: string) => {
      try {
        translate(entity, odata);
      } catch (error) {
        if (DataverseApiError.is(error)) return `${error.code} ${error.message}`;
        throw error;
      }
      return 'no error';
    };
    expect(message('account', "nam eq 'x'")).toBe("0x80060888 Could not find a property named 'nam' on type 'Microsoft.Dynamics.CRM.account'.");
    expect(message('account', 'parentaccountid eq null')).toContain("Could not find a property named 'parentaccountid'");
    expect(message('contact', "parentcustomerid_account/nme eq 'x'")).toContain("'nme' on type 'Microsoft.Dynamics.CRM.account'");
    expect(message('account', "revenue eq 'lots'")).toBe(
      "0x80060888 A binary operator with incompatible types was detected. Found operand types 'Edm.Decimal' and 'Edm.String' for operator kind 'Equal'.",
    );
    expect(message('account', "Microsoft.Dynamics.CRM.Sometime(PropertyName='createdon')")).toContain(
      "An unknown function with name 'Microsoft.Dynamics.CRM.Sometime' was found",
    );
  });
});
