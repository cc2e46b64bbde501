import type { CrmRecord, Schema } from '@fieldsync/model';
import { SObjectCatalog } from '../naming/sobject-naming';
import { recordToSfRow, type SfRow } from '../records/sf-row';
import { parseSoql } from '../soql/parse-soql';
import { SoqlError } from '../soql/soql-error';
import { compileQuery } from './compile-query';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      primaryName: 'name',
      fields: [
        { name: 'accountid', type: 'string', required: true },
        { name: 'name', type: 'string', required: true, maxLength: 160 },
        { name: 'numberofemployees', type: 'int' },
        { name: 'creditonhold', type: 'bool' },
        {
          name: 'industrycode',
          type: 'picklist',
          options: [
            { value: 1, label: 'One' },
            { value: 2, label: 'Two' },
          ],
        },
        { name: 'parentaccountid', type: 'lookup', targets: ['account'] },
        { name: 'modifiedon', type: 'datetime', readOnly: true },
        { name: 'founded', type: 'date' },
      ],
    },
  ],
};
const catalog = new SObjectCatalog(schema);
const account = catalog.find('account')!;
const NOW = Date.UTC(2026, 0, 10, 12);

function row(id: string, fields: Record<string, unknown>): SfRow {
  const record: CrmRecord = { entity: 'account', id, version: '1', fields: { accountid: id, ...fields } as CrmRecord['fields'] };
  return recordToSfRow(account, record);
}

const rows = [
  row('a1', { name: 'Acme', numberofemployees: 10, creditonhold: false, industrycode: 1, modifiedon: '2026-01-10T08:00:00.400Z', founded: '2000-05-01' }),
  row('a2', { name: 'acorn', numberofemployees: null, creditonhold: true, industrycode: 2, modifiedon: '2026-01-01T00:00:00.000Z', founded: null }),
  row('a3', {
    name: 'Beta 50%',
    numberofemployees: 300,
    creditonhold: false,
    industrycode: null,
    modifiedon: '2025-12-01T00:00:00.000Z',
    parentaccountid: { entity: 'account', id: 'a1' },
  }),
];
rows[2].parents.set('parent', rows[0]);
rows[0].parents.set('parent', null);
rows[1].parents.set('parent', null);

function run(soql: string): string[] {
  const compiled = compileQuery(parseSoql(soql), account, { now: NOW, readable: () => true, targetOf: (f) => catalog.find(f.referenceTo[0]) });
  const result = rows.filter(compiled.where);
  if (compiled.compare) result.sort(compiled.compare);
  return result.map((r) => r.id);
}

function errorOf(soql: string): SoqlError {
  try {
    run(soql);
  } catch (error) {
    if (SoqlError.is(error)) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('compileQuery', () => {
  it('compares text without regard to case and treats != as true for nulls', () => {
    expect(run("SELECT Id FROM Account WHERE Name = 'ACME'")).toEqual(['a1']);
    expect(run('SELECT Id FROM Account WHERE NumberOfEmployees != 10')).toEqual(['a2', 'a3']);
    expect(run('SELECT Id FROM Account WHERE NumberOfEmployees = null')).toEqual(['a2']);
    expect(run('SELECT Id FROM Account WHERE NumberOfEmployees < 400')).toEqual(['a1', 'a3']);
  });

  it('matches LIKE case-insensitively with % and _ and an escaped %', () => {
    expect(run("SELECT Id FROM Account WHERE Name LIKE 'ac%'")).toEqual(['a1', 'a2']);
    expect(run("SELECT Id FROM Account WHERE Name LIKE '_cme'")).toEqual(['a1']);
    expect(run("SELECT Id FROM Account WHERE Name LIKE '%50\\%'")).toEqual(['a3']);
  });

  it('evaluates IN, NOT IN, NOT and nested groups', () => {
    expect(run("SELECT Id FROM Account WHERE Id IN ('a1', 'a3')")).toEqual(['a1', 'a3']);
    expect(run("SELECT Id FROM Account WHERE Industrycode__c NOT IN ('1')")).toEqual(['a2']);
    expect(run("SELECT Id FROM Account WHERE NOT (Name = 'acme' OR Creditonhold__c = true)")).toEqual(['a3']);
  });

  it('compares date-times to the second and relative date literals by UTC day', () => {
    expect(run('SELECT Id FROM Account WHERE SystemModstamp = 2026-01-10T08:00:00Z')).toEqual(['a1']);
    expect(run('SELECT Id FROM Account WHERE SystemModstamp = TODAY')).toEqual(['a1']);
    expect(run('SELECT Id FROM Account WHERE LastModifiedDate = LAST_N_DAYS:10')).toEqual(['a1', 'a2']);
    expect(run('SELECT Id FROM Account WHERE SystemModstamp < LAST_N_DAYS:10')).toEqual(['a3']);
    expect(run('SELECT Id FROM Account WHERE Founded__c < 2001-01-01')).toEqual(['a1']);
  });

  it('reads parent fields through the relationship name', () => {
    expect(run("SELECT Id, Parent.Name FROM Account WHERE Parent.Name = 'Acme'")).toEqual(['a3']);
    expect(run('SELECT Id FROM Account WHERE Parent.Name = null')).toEqual(['a1', 'a2']);
  });

  it('orders by several fields with nulls first ascending and last descending', () => {
    expect(run('SELECT Id FROM Account ORDER BY NumberOfEmployees')).toEqual(['a2', 'a1', 'a3']);
    expect(run('SELECT Id FROM Account ORDER BY NumberOfEmployees DESC')).toEqual(['a3', 'a1', 'a2']);
    expect(run('SELECT Id FROM Account ORDER BY Creditonhold__c, Name DESC')).toEqual(['a3', 'a1', 'a2']);
  });

  it('refuses unknown fields and relationships, wrong literal types and LIKE on numbers', () => {
    expect(errorOf('SELECT Nope FROM Account').errorCode).toBe('INVALID_FIELD');
    expect(errorOf('SELECT Nope.Name FROM Account').errorCode).toBe('INVALID_FIELD');
    expect(errorOf('SELECT Parent.Nope FROM Account').errorCode).toBe('INVALID_FIELD');
    expect(errorOf("SELECT Id FROM Account WHERE NumberOfEmployees = '10'").errorCode).toBe('INVALID_FIELD');
    expect(errorOf("SELECT Id FROM Account WHERE SystemModstamp > '2026-01-01'").errorCode).toBe('INVALID_FIELD');
    expect(errorOf('SELECT Id FROM Account WHERE Name = 10').errorCode).toBe('INVALID_FIELD');
    expect(errorOf("SELECT Id FROM Account WHERE NumberOfEmployees LIKE '1%'").errorCode).toBe('INVALID_FIELD');
    expect(errorOf('SELECT Id, id FROM Account').errorCode).toBe('MALFORMED_QUERY');
  });
});
