import type { Schema } from '@fieldsync/model';
import { SObjectCatalog } from '../naming/sobject-naming';
import { parseSoql } from '../soql/parse-soql';
import { storePushdown } from './query-engine';

const schema: Schema = {
  entities: [
    {
      name: 'account',
      primaryKey: 'accountid',
      primaryName: 'name',
      fields: [
        { name: 'accountid', type: 'string', required: true },
        { name: 'name', type: 'string', required: true, maxLength: 160 },
        { name: 'modifiedon', type: 'datetime', readOnly: true },
      ],
    },
  ],
};
const account = new SObjectCatalog(schema).find('Account')!;
const pushdown = (soql: string) => storePushdown(account, parseSoql(soql).where);

describe('storePushdown', () => {
  it('hands the store an Id lookup, alone or with the SystemModstamp floor', () => {
    expect(pushdown(`SELECT Id FROM Account WHERE Id IN ('a', 'b')`)).toEqual({ kind: 'condition', field: 'accountid', operator: 'in', value: ['a', 'b'] });
    expect(pushdown(`SELECT Id FROM Account WHERE Id = 'a' AND Name != 'x'`)).toEqual({ kind: 'condition', field: 'accountid', operator: 'in', value: ['a'] });
    expect(pushdown(`SELECT Id FROM Account WHERE SystemModstamp >= 2026-01-05T09:00:00Z AND Id IN ('a')`)).toEqual({
      kind: 'group',
      type: 'and',
      children: [
        { kind: 'condition', field: 'modifiedon', operator: 'ge', value: '2026-01-05T09:00:00.000Z' },
        { kind: 'condition', field: 'accountid', operator: 'in', value: ['a'] },
      ],
    });
  });

  it('leaves to the query what the store cannot narrow safely: OR, NOT IN, inequality', () => {
    expect(pushdown(`SELECT Id FROM Account WHERE Id = 'a' OR Name = 'b'`)).toBeUndefined();
    expect(pushdown(`SELECT Id FROM Account WHERE Id NOT IN ('a')`)).toBeUndefined();
    expect(pushdown(`SELECT Id FROM Account WHERE Id != 'a'`)).toBeUndefined();
    expect(pushdown(`SELECT Id FROM Account`)).toBeUndefined();
  });
});
