import { FieldsyncError } from './fieldsync-error';
import { InvalidFilterError } from './invalid-filter-error';
import { ValidationError } from './validation-error';

describe('FieldsyncError', () => {
  it('keeps code, details and the guard through JSON serialisation', () => {
    const original = new InvalidFilterError("unknown operator 'eqq'", 'filter.conditions[1].operator', 3, 14);
    const revived: unknown = JSON.parse(JSON.stringify(original));

    expect(FieldsyncError.is(revived)).toBe(true);
    expect(FieldsyncError.is(revived, 'INVALID_FILTER')).toBe(true);
    expect(FieldsyncError.is(revived, 'VALIDATION_FAILED')).toBe(false);
    const rebuilt = FieldsyncError.fromJSON(revived as ReturnType<FieldsyncError['toJSON']>);
    expect(rebuilt).toBeInstanceOf(FieldsyncError);
    expect(rebuilt.code).toBe('INVALID_FILTER');
    expect(rebuilt.name).toBe('InvalidFilterError');
    expect(rebuilt.details).toEqual({ path: 'filter.conditions[1].operator', line: 3, column: 14 });
    expect(rebuilt.message).toBe("filter.conditions[1].operator: unknown operator 'eqq' at line 3, column 14");
  });

  it('rejects values that only look like errors', () => {
    expect(FieldsyncError.is(new Error('plain'))).toBe(false);
    expect(FieldsyncError.is({ code: 'X' })).toBe(false);
    expect(FieldsyncError.is(null)).toBe(false);
    expect(FieldsyncError.is('INVALID_FILTER')).toBe(false);
  });

  it('lists every issue of a validation error with its path', () => {
    const error = new ValidationError('customization', [
      { path: 'entities[3].filter.conditions[1].operator', message: "unknown operator 'eqq'" },
      { path: 'settings.MaxExecuteMultiple', message: 'must be between 1 and 1000, got 5000' },
    ]);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain("entities[3].filter.conditions[1].operator: unknown operator 'eqq'");
    expect(error.message).toContain('settings.MaxExecuteMultiple: must be between 1 and 1000, got 5000');
    expect(error.issues).toHaveLength(2);
  });
});
