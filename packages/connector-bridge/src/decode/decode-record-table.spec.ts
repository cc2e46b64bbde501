import { ContractViolationError } from '@fieldsync/connector-api';
import { decodeRecordTable } from './decode-record-table';

describe('decodeRecordTable', () => {
  it('builds the records of the entity from the columns, leaving out the fields absent names and a null version', () => {
    const records = decodeRecordTable(
      {
        fields: ['name', 'revenue'],
        rows: [
          ['a1', '7', 'Contoso', null],
          ['a2', null, 'Fabrikam', 5],
        ],
        absent: { 1: [0] },
      },
      'account',
      10,
      'readPage.table',
    );
    expect(records).toEqual([
      { entity: 'account', id: 'a1', version: '7', fields: { name: 'Contoso', revenue: null } },
      { entity: 'account', id: 'a2', fields: { revenue: 5 } },
    ]);
  });

  it.each([
    ['a row of the wrong length', { fields: ['name'], rows: [['a1', '1']] }, 'readPage.table.rows[0]'],
    ['an empty id', { fields: [], rows: [['', '1']] }, 'readPage.table.rows[0][0]'],
    ['a version that is not text', { fields: [], rows: [['a1', 3]] }, 'readPage.table.rows[0][1]'],
    [
      'more records than the page size',
      {
        fields: [],
        rows: [
          ['a1', null],
          ['a2', null],
          ['a3', null],
        ],
      },
      'readPage.table.rows',
    ],
    ['an absent field that is not one', { fields: ['name'], rows: [['a1', null, 'x']], absent: { 0: [4] } }, 'readPage.table.absent.0'],
  ])('refuses %s with a ContractViolationError naming where', (_case, table, where) => {
    let caught: unknown;
    try {
      decodeRecordTable(table, 'account', 2, 'readPage.table');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractViolationError);
    expect((caught as ContractViolationError).message).toContain(where);
  });
});
