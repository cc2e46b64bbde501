import { FieldsyncError, type EntitySchema } from '@fieldsync/model';
import { parseFieldAssignments } from './field-assignments';

const account: EntitySchema = {
  name: 'account',
  primaryKey: 'accountid',
  fields: [
    { name: 'accountid', type: 'string', required: true },
    { name: 'name', type: 'string' },
    { name: 'notes', type: 'memo' },
    { name: 'employees', type: 'int' },
    { name: 'revenue', type: 'money' },
    { name: 'ratio', type: 'decimal' },
    { name: 'onhold', type: 'bool' },
    { name: 'opened', type: 'date' },
    { name: 'visited', type: 'datetime' },
    { name: 'industry', type: 'picklist', options: [{ value: 1, label: 'One' }] },
    { name: 'parentid', type: 'lookup', targets: ['account'] },
    { name: 'regarding', type: 'lookup', targets: ['account', 'contact'] },
    { name: 'ownerid', type: 'owner' },
  ],
};

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return FieldsyncError.is(error) ? error.code : 'not a FieldsyncError';
  }
  return undefined;
}

describe('parseFieldAssignments', () => {
  it('converts each value by its field type', () => {
    expect(
      parseFieldAssignments(account, [
        'name=Acme = Co',
        'notes=',
        'employees=-12',
        'revenue=1200.50',
        'ratio=1e3',
        'onhold=false',
        'opened=2026-01-05',
        'visited=2026-01-05T09:00:00Z',
        'industry=1',
        'parentid=account:a1',
        'regarding=contact:c1',
        'ownerid=team:t1',
      ]),
    ).toEqual({
      name: 'Acme = Co',
      notes: '',
      employees: -12,
      revenue: 1200.5,
      ratio: 1000,
      onhold: false,
      opened: '2026-01-05',
      visited: '2026-01-05T09:00:00Z',
      industry: 1,
      parentid: { entity: 'account', id: 'a1' },
      regarding: { entity: 'contact', id: 'c1' },
      ownerid: { entity: 'team', id: 't1' },
    });
  });

  it('clears a field with null and takes a bare id for a lookup with one target', () => {
    expect(parseFieldAssignments(account, ['parentid=null', 'employees=null'])).toEqual({ parentid: null, employees: null });
    expect(parseFieldAssignments(account, ['parentid=a1'])).toEqual({ parentid: { entity: 'account', id: 'a1' } });
  });

  it('refuses values that do not fit the field with INVALID_FIELD_VALUE', () => {
    for (const assignment of [
      'employees=1.5',
      'employees=12abc',
      'employees=',
      'revenue=1,200',
      'revenue=abc',
      'onhold=yes',
      'onhold=1',
      'industry=one',
      'regarding=c1',
      'regarding=task:t1',
      'parentid=account:',
      'ownerid=account:a1',
      '=x',
      'name',
    ]) {
      expect([assignment, codeOf(() => parseFieldAssignments(account, [assignment]))]).toEqual([assignment, 'INVALID_FIELD_VALUE']);
    }
  });

  it('refuses an unknown field with UNKNOWN_FIELD and a field given twice', () => {
    expect(codeOf(() => parseFieldAssignments(account, ['nmae=x']))).toBe('UNKNOWN_FIELD');
    expect(codeOf(() => parseFieldAssignments(account, ['name=a', 'name=b']))).toBe('INVALID_FIELD_VALUE');
  });
});
