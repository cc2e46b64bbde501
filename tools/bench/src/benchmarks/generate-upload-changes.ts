import type { FieldValues } from '@fieldsync/model';
import { generateBenchAccounts } from './bench-account-schema';
import { benchContactEntity } from './bench-sync-schema';
import { generateBenchRows } from './generate-bench-rows';

/** One record the device creates: its id and the fields it is created with (no primary key, no owner). */
export interface UploadRecord {
  readonly entity: 'account' | 'contact';
  readonly id: string;
  readonly fields: FieldValues;
}

function withoutKey(fields: FieldValues, key: string): FieldValues {
  const { [key]: _key, ...rest } = fields;
  return rest;
}

/**
 * The records of the upload benchmark in the order the device creates them: each account followed by
 * its `contactsPerAccount` contacts (their `parentcustomerid` points at it). About one account in five
 * has a parent account created before it.
 */
export function generateUploadChanges(accounts: number, contactsPerAccount: number): UploadRecord[] {
  const accountRows = generateBenchAccounts(accounts, 11);
  const contactRows = generateBenchRows(benchContactEntity, accounts * contactsPerAccount, { seed: 12 });
  const records: UploadRecord[] = [];
  accountRows.forEach((row, index) => {
    const id = String(row.accountid);
    records.push({ entity: 'account', id, fields: withoutKey(row, 'accountid') });
    for (let n = 0; n < contactsPerAccount; n++) {
      const contact = contactRows[index * contactsPerAccount + n];
      records.push({
        entity: 'contact',
        id: String(contact.contactid),
        fields: { ...withoutKey(contact, 'contactid'), parentcustomerid: { entity: 'account', id } },
      });
    }
  });
  return records;
}
