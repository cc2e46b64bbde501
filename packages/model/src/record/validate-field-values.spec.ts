import type { EntitySchema } from '../schema/entity-schema';
import { normalizeFieldValues } from './normalize-field-values';
import { validateFieldValues } from './validate-field-values';

const account: EntitySchema = {
  name: 'account',
  primaryKey: 'accountid',
  fields: [
    { name: 'accountid', type: 'string' },
    { name: 'name', type: 'string', maxLength: 10, required: true },
    { name: 'description', type: 'memo' },
    { name: 'employees', type: 'int' },
    { name: 'revenue', type: 'money', precision: 2 },
    { name: 'margin', type: 'decimal', precision: 4 },
    { name: 'donotemail', type: 'bool' },
    { name: 'lastvisit', type: 'datetime' },
    { name: 'founded', type: 'date' },
    { name: 'parentaccountid', type: 'lookup', targets: ['account'] },
    { name: 'ownerid', type: 'owner' },
    {
      name: 'industrycode',
      type: 'picklist',
      options: [
        { value: 1, label: 'Retail' },
        { value: 2, label: 'Energy' },
      ],
    },
    { name: 'createdon', type: 'datetime', readOnly: true },
    { name: 'accountnumber', type: 'string', required: true, readOnly: true },
  ],
};

function issuesOf(fields: Record<string, unknown>, mode: 'create' | 'update' = 'update', allowReadOnly = false): string[] {
  return validateFieldValues(account, fields, { mode, allowReadOnly }).map((issue) => `${issue.path}: ${issue.message}`);
}

describe('validateFieldValues', () => {
  it('accepts values of the right types', () => {
    expect(
      issuesOf({
        name: 'Contoso',
        description: 'x'.repeat(5000),
        employees: 120,
        revenue: 1000.5,
        margin: 0.125,
        donotemail: false,
        lastvisit: '2026-11-22T10:30:00+01:00',
        founded: '1999-02-28',
        parentaccountid: { entity: 'account', id: 'a-1' },
        ownerid: { entity: 'team', id: 't-1' },
        industrycode: 2,
      }),
    ).toEqual([]);
  });

  it('reports unknown fields', () => {
    expect(issuesOf({ revenu: 5, name_target: 'x' })).toEqual([
      "fields.revenu: unknown field 'revenu' of entity 'account'",
      "fields.name_target: unknown field 'name_target' of entity 'account'",
    ]);
  });

  it('reports every wrong type at its field path', () => {
    expect(
      issuesOf({
        name: 42,
        employees: 1.5,
        revenue: '1000',
        margin: Number.NaN,
        donotemail: 'false',
        lastvisit: '2026-11-22T09:30:00',
        founded: '2026-02-30',
        parentaccountid: 'a-1',
        industrycode: 3,
      }),
    ).toEqual([
      'fields.name: must be text, got number 42',
      'fields.employees: must be a whole number, got number 1.5',
      "fields.revenue: must be a finite number, got string '1000'",
      'fields.margin: must be a finite number, got number NaN',
      "fields.donotemail: must be true or false, got string 'false'",
      "fields.lastvisit: must be an ISO-8601 date-time with a time zone (2026-11-22T09:30:00.000Z), got string '2026-11-22T09:30:00'",
      "fields.founded: must be a real date as YYYY-MM-DD, got string '2026-02-30'",
      "fields.parentaccountid: must be a reference { entity, id }, got string 'a-1'",
      "fields.industrycode: 3 is not an option of 'industrycode' (1, 2)",
    ]);
  });

  it('enforces maxLength in characters', () => {
    expect(issuesOf({ name: '😀'.repeat(10) })).toEqual([]);
    expect(issuesOf({ name: 'Contoso Ltd' })).toEqual(['fields.name: is 11 characters long, more than the maximum of 10']);
  });

  it('refuses references to entities the lookup or owner may not point to', () => {
    expect(issuesOf({ parentaccountid: { entity: 'contact', id: 'c-1' }, ownerid: { entity: 'account', id: 'a-1' } })).toEqual([
      "fields.parentaccountid: may point to 'account', not 'contact'",
      "fields.ownerid: may point to 'systemuser' or 'team', not 'account'",
    ]);
    expect(issuesOf({ ownerid: { entity: 'systemuser', id: '' } })).toEqual(['fields.ownerid: must be a reference { entity, id }, got an object']);
  });

  it('requires required fields on create but not on update', () => {
    expect(issuesOf({ employees: 3 }, 'create')).toEqual(["fields.name: field 'name' is required"]);
    expect(issuesOf({ name: null }, 'create')).toEqual(["fields.name: field 'name' is required and cannot be cleared"]);
    expect(issuesOf({ employees: 3 }, 'update')).toEqual([]);
    expect(issuesOf({ name: null }, 'update')).toEqual(["fields.name: field 'name' is required and cannot be cleared"]);
  });

  it('refuses read-only fields unless allowed', () => {
    expect(issuesOf({ createdon: '2026-01-01T00:00:00Z' })).toEqual(["fields.createdon: field 'createdon' is read-only"]);
    expect(issuesOf({ createdon: '2026-01-01T00:00:00Z' }, 'update', true)).toEqual([]);
    // A required read-only field is the server's to fill: only required of a writer that may write it.
    expect(issuesOf({ name: 'A' }, 'create', true)).toEqual(["fields.accountnumber: field 'accountnumber' is required"]);
    expect(issuesOf({ name: 'A' }, 'create', false)).toEqual([]);
  });

  it('treats an undefined value as an absent field', () => {
    expect(issuesOf({ revenue: undefined })).toEqual([]);
    expect(issuesOf({ name: undefined }, 'create')).toEqual(["fields.name: field 'name' is required"]);
  });

  it('accepts null to clear an optional field', () => {
    expect(issuesOf({ revenue: null, parentaccountid: null })).toEqual([]);
  });

  it('uses the given path prefix', () => {
    const issues = validateFieldValues(account, { revenue: 'x' }, { mode: 'update', path: 'records[2].fields' });
    expect(issues.map((i) => i.path)).toEqual(['records[2].fields.revenue']);
  });
});

describe('normalizeFieldValues', () => {
  it('canonicalises date-times, rounds decimals to precision and trims references', () => {
    expect(
      normalizeFieldValues(account, {
        lastvisit: '2026-11-22T10:30+01:00',
        revenue: 1.005,
        margin: -0.123456,
        parentaccountid: { entity: 'account', id: 'a-1', name: 'Contoso' },
        founded: '1999-02-28',
        name: 'Contoso',
        employees: null,
      }),
    ).toEqual({
      lastvisit: '2026-11-22T09:30:00.000Z',
      revenue: 1.01,
      margin: -0.1235,
      parentaccountid: { entity: 'account', id: 'a-1' },
      founded: '1999-02-28',
      name: 'Contoso',
      employees: null,
    });
  });

  it('passes values that do not fit their field through unchanged', () => {
    expect(normalizeFieldValues(account, { lastvisit: 'soon', unknown: 1 })).toEqual({ lastvisit: 'soon', unknown: 1 });
  });
});
