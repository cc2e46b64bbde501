import { DataverseApiError } from '../server/dataverse-api-error';
import { parseODataFilter } from './parse-odata-filter';

const errorOf = (text: string): DataverseApiError => {
  try {
    parseODataFilter(text);
  } catch (error) {
    if (DataverseApiError.is(error)) return error;
    throw error;
  }
  throw new Error(`parsed: ${text}`);
};

describe('parseODataFilter', () => {
  it('parses comparisons with every literal type', () => {
    expect(parseODataFilter("name eq 'O''Brien'")).toEqual({
      kind: 'compare',
      operator: 'eq',
      property: { kind: 'property', segments: ['name'], position: 0 },
      value: { kind: 'literal', type: 'string', value: "O'Brien" },
    });
    expect(parseODataFilter('revenue ge -10.5')).toMatchObject({ operator: 'ge', value: { type: 'number', value: -10.5 } });
    expect(parseODataFilter('creditonhold ne true')).toMatchObject({ operator: 'ne', value: { type: 'bool', value: true } });
    expect(parseODataFilter('_parentaccountid_value eq 7B9D3C1E-1111-2222-3333-444455556666')).toMatchObject({
      value: { type: 'guid', value: '7b9d3c1e-1111-2222-3333-444455556666' },
    });
    expect(parseODataFilter('birthdate lt 2000-01-31')).toMatchObject({ value: { type: 'date', value: '2000-01-31' } });
    expect(parseODataFilter('createdon le 2026-11-22T09:30:00Z')).toMatchObject({ value: { type: 'datetime', value: '2026-11-22T09:30:00.000Z' } });
    expect(parseODataFilter('createdon gt 2026-11-22T10:30:00.123+01:00')).toMatchObject({ value: { type: 'datetime', value: '2026-11-22T09:30:00.123Z' } });
    expect(parseODataFilter('name eq null')).toMatchObject({ value: { type: 'null' } });
  });

  it('turns a literal on the left around', () => {
    expect(parseODataFilter('5 lt revenue')).toMatchObject({ kind: 'compare', operator: 'gt', property: { segments: ['revenue'] }, value: { value: 5 } });
  });

  it('gives and precedence over or, honours parentheses and not', () => {
    expect(parseODataFilter('a eq 1 or b eq 2 and c eq 3')).toMatchObject({ kind: 'or', left: { property: { segments: ['a'] } }, right: { kind: 'and' } });
    expect(parseODataFilter('(a eq 1 or b eq 2) and not (c eq 3)')).toMatchObject({
      kind: 'and',
      left: { kind: 'or' },
      right: { kind: 'not', operand: { kind: 'compare' } },
    });
  });

  it('parses string functions, navigation paths and query functions', () => {
    expect(parseODataFilter("contains(name,'x')")).toEqual({
      kind: 'stringFunction',
      name: 'contains',
      property: { kind: 'property', segments: ['name'], position: 9 },
      value: 'x',
    });
    expect(parseODataFilter("parentcustomerid_account/name eq 'Acme'")).toMatchObject({ property: { segments: ['parentcustomerid_account', 'name'] } });
    expect(parseODataFilter("Microsoft.Dynamics.CRM.LastXDays(PropertyName='createdon',PropertyValue=7)")).toMatchObject({
      kind: 'queryFunction',
      name: 'LastXDays',
      arguments: { PropertyName: { type: 'string', value: 'createdon' }, PropertyValue: { type: 'number', value: 7 } },
    });
    expect(parseODataFilter("Microsoft.Dynamics.CRM.In(PropertyName='industrycode',PropertyValues=['1','2'])")).toMatchObject({
      arguments: { PropertyValues: [{ value: '1' }, { value: '2' }] },
    });
    expect(parseODataFilter("Microsoft.Dynamics.CRM.EqualUserId(PropertyName='ownerid')")).toMatchObject({ name: 'EqualUserId' });
  });

  it('answers malformed text with 0x80060888 and the position', () => {
    const error = errorOf('name eqq 1');
    expect(error.status).toBe(400);
    expect(error.code).toBe('0x80060888');
    expect(error.message).toBe("Syntax error at position 5 in 'name eqq 1'.");
    expect(errorOf("name eq 'open").message).toBe("There is an unterminated string literal at position 8 in 'name eq 'open'.");
    expect(errorOf('(name eq 1').message).toBe("Syntax error at position 10 in '(name eq 1'.");
    expect(errorOf('name eq 1 xor b eq 2').message).toBe("Syntax error at position 10 in 'name eq 1 xor b eq 2'.");
    expect(errorOf('name eq').message).toBe("Syntax error at position 7 in 'name eq'.");
    expect(errorOf('').code).toBe('0x80060888');
    expect(errorOf('name eq #').message).toBe("Syntax error at position 8 in 'name eq #'.");
  });
});
