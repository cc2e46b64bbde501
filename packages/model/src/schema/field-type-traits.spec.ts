import { FIELD_TYPES, isOptionType, isReferenceType } from './field-type';
import { FIELD_TYPE_TRAITS, valueKindOf } from './field-type-traits';

describe('FIELD_TYPE_TRAITS', () => {
  it('has a row for every field type and no other', () => {
    expect(Object.keys(FIELD_TYPE_TRAITS).sort()).toEqual([...FIELD_TYPES].sort());
  });

  it('marks exactly the option types as holding options, as whole numbers in INTEGER columns', () => {
    for (const type of FIELD_TYPES) {
      expect([type, FIELD_TYPE_TRAITS[type].hasOptions]).toEqual([type, isOptionType(type)]);
      if (isOptionType(type)) expect([type, FIELD_TYPE_TRAITS[type].value, FIELD_TYPE_TRAITS[type].sqliteColumn]).toEqual([type, 'whole-number', 'INTEGER']);
    }
  });

  it('gives exactly lookup and owner the reference kind, stored as TEXT and compared for equality only', () => {
    for (const type of FIELD_TYPES) {
      expect([type, valueKindOf(type) === 'reference']).toEqual([type, isReferenceType(type)]);
    }
    expect(FIELD_TYPE_TRAITS.lookup).toMatchObject({ sqliteColumn: 'TEXT' });
    expect(FIELD_TYPE_TRAITS.owner.operators).not.toContain('lt');
  });

  it('stores booleans as INTEGER 0/1 and decimals as REAL, and offers like only on text', () => {
    expect(FIELD_TYPE_TRAITS.bool).toMatchObject({ value: 'boolean', sqliteColumn: 'INTEGER' });
    expect(FIELD_TYPE_TRAITS.money).toMatchObject({ value: 'number', sqliteColumn: 'REAL' });
    const withLike = FIELD_TYPES.filter((type) => FIELD_TYPE_TRAITS[type].operators.includes('like'));
    expect(withLike).toEqual(['string', 'memo']);
  });
});
