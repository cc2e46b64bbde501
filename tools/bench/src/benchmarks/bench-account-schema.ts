import type { EntitySchema, FieldValues, Schema } from '@fieldsync/model';
import { SeededRandom } from '@fieldsync/demo-org';

/** An accounts-like entity of 20 fields (one ~200-character memo) for the read and filter benchmarks. */
export const benchAccountEntity: EntitySchema = {
  name: 'account',
  primaryKey: 'accountid',
  primaryName: 'name',
  fields: [
    { name: 'accountid', type: 'string' },
    { name: 'name', type: 'string', maxLength: 160 },
    { name: 'accountnumber', type: 'string', maxLength: 20 },
    { name: 'telephone1', type: 'string', maxLength: 50 },
    { name: 'emailaddress1', type: 'string', maxLength: 100 },
    { name: 'address1_line1', type: 'string', maxLength: 250 },
    { name: 'address1_city', type: 'string', maxLength: 80 },
    { name: 'address1_postalcode', type: 'string', maxLength: 20 },
    { name: 'address1_country', type: 'string', maxLength: 80 },
    { name: 'description', type: 'memo', maxLength: 2000 },
    { name: 'revenue', type: 'money' },
    { name: 'numberofemployees', type: 'int' },
    { name: 'industrycode', type: 'picklist', options: [1, 2, 3, 4, 5, 6, 7, 8].map((value) => ({ value, label: `Industry ${value}` })) },
    { name: 'creditonhold', type: 'bool' },
    {
      name: 'statecode',
      type: 'state',
      options: [
        { value: 0, label: 'Active' },
        { value: 1, label: 'Inactive' },
      ],
    },
    {
      name: 'statuscode',
      type: 'status',
      options: [
        { value: 1, label: 'Active', state: 0 },
        { value: 2, label: 'Inactive', state: 1 },
      ],
    },
    { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] },
    { name: 'parentaccountid', type: 'lookup', targets: ['account'] },
    { name: 'createdon', type: 'datetime', readOnly: true },
    { name: 'modifiedon', type: 'datetime', readOnly: true },
  ],
};

/** The schema of the benchmarks: the one accounts-like entity. */
export const benchSchema: Schema = { entities: [benchAccountEntity] };

/** Cities of the generated accounts; the filter benchmark's `in` list takes the first three. */
export const BENCH_CITIES = ['Bratislava', 'Vienna', 'Prague', 'Budapest', 'Berlin', 'Paris', 'Milan', 'Madrid', 'Warsaw', 'London'];

const WORDS = ['north', 'field', 'sync', 'offline', 'order', 'visit', 'pharma', 'retail', 'quote', 'delivery', 'stock', 'renewal'];

/**
 * Generates `count` account rows deterministically (no owner: pass it to `insertMany`); about one in five
 * has a parent among the rows before it. `offset` numbers the rows on from an earlier chunk (names,
 * account numbers and e-mails stay unique when a large table is generated chunk by chunk).
 */
export function generateBenchAccounts(count: number, seed = 1, offset = 0): FieldValues[] {
  const random = new SeededRandom(seed);
  const rows: FieldValues[] = [];
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const active = random.chance(0.85);
    const description = Array.from({ length: 24 }, () => random.pick(WORDS)).join(' ');
    const name = `${random.pick(['Alpha', 'Beta', 'Cedar', 'Delta', 'Echo', 'Falcon', 'Granite'])} ${random.pick(['Labs', 'Foods', 'Pharma', 'Motors'])} ${n}`;
    rows.push({
      accountid: random.uuid(),
      name,
      accountnumber: `AC-${String(n).padStart(7, '0')}`,
      telephone1: `+421 2 ${random.int(1000, 9999)} ${random.int(1000, 9999)}`,
      emailaddress1: `info${n}@example.com`,
      address1_line1: `${random.int(1, 200)} ${random.pick(WORDS)} street`,
      address1_city: random.pick(BENCH_CITIES),
      address1_postalcode: String(random.int(10000, 99999)),
      address1_country: 'Europe',
      description: description.slice(0, 200),
      revenue: random.amount(1000, 10_000_000),
      numberofemployees: random.int(1, 10_000),
      industrycode: random.int(1, 8),
      creditonhold: random.chance(0.05),
      statecode: active ? 0 : 1,
      statuscode: active ? 1 : 2,
      parentaccountid: i > 0 && random.chance(0.2) ? { entity: 'account', id: String(rows[random.int(0, i - 1)].accountid) } : null,
    });
  }
  return rows;
}
