import { toRecordTable } from './record-table';

describe('toRecordTable', () => {
  it('sends each field name once and one row per record, the version null when the record has none', () => {
    const table = toRecordTable([
      { entity: 'account', id: 'a1', version: '7', fields: { name: 'Contoso', revenue: 10, city: null } },
      { entity: 'account', id: 'a2', fields: { name: 'Fabrikam', revenue: null, city: 'Oslo' } },
    ]);
    expect(table).toEqual({
      fields: ['name', 'revenue', 'city'],
      rows: [
        ['a1', '7', 'Contoso', 10, null],
        ['a2', null, 'Fabrikam', null, 'Oslo'],
      ],
    });
  });

  it('names the fields a record does not carry in absent, so a missing field is not taken for a null one', () => {
    const table = toRecordTable([
      { entity: 'account', id: 'a1', version: '1', fields: { name: 'Contoso' } },
      { entity: 'account', id: 'a2', version: '1', fields: { name: 'Fabrikam', revenue: 5 } },
      { entity: 'account', id: 'a3', version: '1', fields: { revenue: null } },
    ]);
    expect(table).toEqual({
      fields: ['name', 'revenue'],
      rows: [
        ['a1', '1', 'Contoso', null],
        ['a2', '1', 'Fabrikam', 5],
        ['a3', '1', null, null],
      ],
      absent: { 0: [1], 2: [0] },
    });
  });

  it('answers an empty table for no records', () => {
    expect(toRecordTable([])).toEqual({ fields: [], rows: [] });
  });
});
