import type { EntitySchema } from '../schema/entity-schema';
import { encodeSqlValue } from './encode-sql-value';
import { recordToRow } from './record-to-row';
import { rowToFields } from './row-to-fields';
import { sqliteColumnType } from './sqlite-column-type';

const contact: EntitySchema = {
  name: 'contact',
  primaryKey: 'contactid',
  fields: [
    { name: 'contactid', type: 'string' },
    { name: 'donotemail', type: 'bool' },
    { name: 'numberofchildren', type: 'int' },
    { name: 'creditlimit', type: 'money' },
    { name: 'createdon', type: 'datetime' },
    { name: 'parentcustomerid', type: 'lookup', targets: ['account', 'contact'] },
    { name: 'ownerid', type: 'owner' },
  ],
};

describe('SQL row codec', () => {
  const fields = {
    contactid: 'c1',
    donotemail: true,
    numberofchildren: 2,
    creditlimit: 10.5,
    createdon: '2026-11-22T09:30:00.000Z',
    parentcustomerid: { entity: 'account', id: 'a1' },
    ownerid: null,
  };

  it('writes booleans as 1/0 and a lookup as its id and target entity', () => {
    expect(recordToRow(contact, fields)).toEqual({
      contactid: 'c1',
      donotemail: 1,
      numberofchildren: 2,
      creditlimit: 10.5,
      createdon: '2026-11-22T09:30:00.000Z',
      parentcustomerid: 'a1',
      parentcustomerid_target: 'account',
      ownerid: null,
      ownerid_target: null,
    });
  });

  it('reads a row back to the same field values and omits missing columns', () => {
    expect(rowToFields(contact, recordToRow(contact, fields))).toEqual(fields);
    expect(rowToFields(contact, { contactid: 'c2', donotemail: 0, numberofchildren: 3n })).toEqual({ contactid: 'c2', donotemail: false, numberofchildren: 3 });
  });

  it('leaves unknown and absent fields out of the row', () => {
    expect(recordToRow(contact, { contactid: 'c1', nickname: 'x' })).toEqual({ contactid: 'c1' });
  });

  it('declares integer, real and text columns and encodes single values', () => {
    expect(contact.fields.map(sqliteColumnType)).toEqual(['TEXT', 'INTEGER', 'INTEGER', 'REAL', 'TEXT', 'TEXT', 'TEXT']);
    expect(encodeSqlValue(contact.fields[1], false)).toBe(0);
    expect(encodeSqlValue(contact.fields[5], { entity: 'contact', id: 'c9' })).toBe('c9');
  });
});
