import type { CrmRecord, EntitySchema } from '@fieldsync/model';
import { FieldsyncError } from '@fieldsync/model';
import { validateRecords } from './validate-records';

const account: EntitySchema = { name: 'account', primaryKey: 'accountid', fields: [{ name: 'accountid', type: 'string' }] };
const good: CrmRecord = { entity: 'account', id: 'a1', version: '3', fields: { accountid: 'a1' } };

function violation(records: CrmRecord[], limit = 10): string {
  try {
    validateRecords(records, account, limit, 'readFull');
  } catch (error) {
    expect(FieldsyncError.is(error, 'CONTRACT_VIOLATION')).toBe(true);
    return (error as Error).message;
  }
  return 'no error';
}

describe('validateRecords', () => {
  it('accepts well-formed records within the page size', () => {
    expect(violation([good])).toBe('no error');
  });

  it('refuses a page larger than asked, a record of another entity, one without id or version, or a mismatched key', () => {
    expect(violation([good, { ...good, id: 'a2', fields: { accountid: 'a2' } }], 1)).toContain('exceed the page size 1');
    expect(violation([{ ...good, entity: 'contact' }])).toContain("readFull.records[0]: entity 'contact'");
    expect(violation([{ ...good, id: '' }])).toContain('id is missing');
    expect(violation([{ ...good, version: undefined }])).toContain('version is missing');
    expect(violation([{ ...good, fields: { accountid: 'other' } }])).toContain('fields.accountid differs');
  });
});
