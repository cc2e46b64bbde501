import { FieldsyncError, type EntitySchema, type ValidationError } from '@fieldsync/model';
import { wantedFields } from './wanted-fields';

const account: EntitySchema = {
  name: 'account',
  primaryKey: 'accountid',
  fields: [
    { name: 'accountid', type: 'string' },
    { name: 'name', type: 'string' },
  ],
};

describe('wantedFields', () => {
  it('answers the names asked for, or undefined for every field', () => {
    expect(wantedFields(account, undefined)).toBeUndefined();
    expect(wantedFields(account, ['name'])).toEqual(new Set(['name']));
  });

  it('names every unknown field with its position instead of answering only the key', () => {
    let caught: unknown;
    try {
      wantedFields(account, ['name', 'nosuchfield', 'Name']);
    } catch (error) {
      caught = error;
    }
    expect(FieldsyncError.is(caught, 'VALIDATION_FAILED')).toBe(true);
    expect((caught as ValidationError).issues).toEqual([
      { path: 'fields[1]', message: "unknown field 'nosuchfield' of entity 'account'" },
      { path: 'fields[2]', message: "unknown field 'Name' of entity 'account'" },
    ]);
  });
});
