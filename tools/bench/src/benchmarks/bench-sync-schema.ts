import type { EntitySchema, FieldSchema, FieldType, Schema } from '@fieldsync/model';
import { benchAccountEntity } from './bench-account-schema';

/** The types the filler fields of a generated entity cycle through: what CRM entities mostly hold. */
const FILLER_TYPES: readonly FieldType[] = ['string', 'int', 'money', 'datetime', 'string', 'picklist', 'bool', 'decimal', 'memo', 'date'];

const PICKLIST_OPTIONS = [1, 2, 3, 4, 5, 6, 7, 8].map((value) => ({ value, label: `Option ${value}` }));

/** The lookup of a generated entity: its name and target; `parent` makes the target its parent. */
export interface BenchLookup {
  readonly name: string;
  readonly target: string;
  readonly parent?: boolean;
}

/** What a filler field of each type declares besides its name and type. */
const FILLER_ATTRIBUTES: Readonly<Record<FieldType, Omit<FieldSchema, 'name' | 'type'>>> = {
  string: { maxLength: 100 },
  memo: { maxLength: 2000 },
  int: {},
  decimal: { precision: 2 },
  money: { precision: 2 },
  bool: {},
  datetime: {},
  date: {},
  lookup: {},
  owner: {},
  picklist: { options: PICKLIST_OPTIONS },
  state: {},
  status: {},
};

function fillerField(index: number): FieldSchema {
  const type = FILLER_TYPES[index % FILLER_TYPES.length];
  return { name: `field${String(index + 1).padStart(3, '0')}`, type, ...FILLER_ATTRIBUTES[type] };
}

/**
 * An entity of `fieldCount` fields: its primary key (`<name>id`), `name`, an owner, one lookup (to
 * itself unless `lookup` says otherwise), `createdon` and `modifiedon` (server-set), and filler fields
 * cycling through text, whole numbers, money, date-times, picklists, booleans, decimals, memos and dates.
 */
export function buildBenchEntity(name: string, fieldCount: number, lookup: BenchLookup = { name: 'parentid', target: name }): EntitySchema {
  const fields: FieldSchema[] = [
    { name: `${name}id`, type: 'string' },
    { name: 'name', type: 'string', maxLength: 160 },
    { name: 'ownerid', type: 'owner', targets: ['systemuser', 'team'] },
    { name: lookup.name, type: 'lookup', targets: [lookup.target], ...(lookup.parent ? { parent: true } : {}) },
    { name: 'createdon', type: 'datetime', readOnly: true },
    { name: 'modifiedon', type: 'datetime', readOnly: true },
  ];
  for (let index = 0; fields.length < fieldCount; index++) fields.push(fillerField(index));
  return { name, primaryKey: `${name}id`, primaryName: 'name', fields };
}

/** The full-sync schema: the 20-field accounts-like entity of the read benchmarks. */
export const syncFullSchema: Schema = { entities: [benchAccountEntity] };

/** Contacts of 20 fields whose `parentcustomerid` points at their parent account. */
export const benchContactEntity: EntitySchema = buildBenchEntity('contact', 20, { name: 'parentcustomerid', target: 'account', parent: true });

/** The upload schema: accounts and the contacts that point at them. */
export const syncUploadSchema: Schema = { entities: [benchAccountEntity, benchContactEntity] };

/** `count` entities of 20 fields each (`entity01`, `entity02`, ...), for the incremental benchmark. */
export function manyEntitiesSchema(count: number): Schema {
  return { entities: Array.from({ length: count }, (_, i) => buildBenchEntity(`entity${String(i + 1).padStart(2, '0')}`, 20)) };
}

/** One entity of the realistic-shapes schema and its share of the records. */
export interface EntityShare {
  readonly entity: EntitySchema;
  readonly share: number;
}

const SMALL_ENTITIES = ['contact', 'opportunity', 'lead', 'task', 'phonecall', 'product', 'quote', 'invoice'];

/**
 * Realistic shapes: `account` is wide (120 fields) and holds 30% of the records, `appointment`
 * (20 fields, regarding an account) 60%; eight 20-field entities share the last 10%.
 */
export const realisticShapes: readonly EntityShare[] = [
  { entity: buildBenchEntity('account', 120), share: 0.3 },
  { entity: buildBenchEntity('appointment', 20, { name: 'regardingobjectid', target: 'account' }), share: 0.6 },
  ...SMALL_ENTITIES.map((name) => ({ entity: buildBenchEntity(name, 20, { name: 'accountid_ref', target: 'account' }), share: 0.1 / SMALL_ENTITIES.length })),
];

/** The schema of {@link realisticShapes}. */
export const realisticShapesSchema: Schema = { entities: realisticShapes.map((item) => item.entity) };
