import type { EntitySchema, FieldSchema, FieldType, FieldValue, FieldValues } from '@fieldsync/model';
import { SeededRandom } from '@fieldsync/demo-org';

/** How {@link generateBenchRows} numbers its rows and finds lookup targets. */
export interface BenchRowOptions {
  /** @default 1 */
  readonly seed?: number;
  /** Number of rows generated before this chunk: keeps names unique across chunks. @default 0 */
  readonly offset?: number;
  /** Ids of records of another entity a lookup may point at. @default none (such lookups stay empty) */
  readonly idsOf?: (entity: string) => readonly string[];
}

const WORDS = ['north', 'field', 'sync', 'offline', 'order', 'visit', 'pharma', 'retail', 'quote', 'delivery', 'stock', 'renewal'];
const DAY_MS = 86_400_000;
const BASE_TIME = Date.UTC(2025, 0, 1);

/** What a generator of one field's value knows: the row being made and the rows before it in the chunk. */
interface RowContext {
  readonly entity: EntitySchema;
  readonly random: SeededRandom;
  readonly offset: number;
  readonly index: number;
  readonly rows: readonly FieldValues[];
  readonly options: BenchRowOptions;
}

type Generate = (field: FieldSchema, at: RowContext) => FieldValue;

const amount: Generate = (_field, { random }) => random.amount(0, 1_000_000);
const option: Generate = (field, { random }) => (field.options?.length ? random.pick(field.options).value : null);

/** A value generator per field type; none for the owner, which `insertMany` is given. */
const GENERATORS: Readonly<Record<FieldType, Generate | undefined>> = {
  string: (field, { entity, random, offset, index }) =>
    field.name === 'name' ? `${entity.name} ${random.pick(WORDS)} ${offset + index}` : `${random.pick(WORDS)} ${random.int(1, 99_999)}`,
  memo: (_field, { random }) =>
    Array.from({ length: 24 }, () => random.pick(WORDS))
      .join(' ')
      .slice(0, 200),
  int: (_field, { random }) => random.int(0, 100_000),
  money: amount,
  decimal: amount,
  bool: (_field, { random }) => random.chance(0.5),
  datetime: (_field, { random }) => new Date(BASE_TIME + random.int(0, 365 * DAY_MS)).toISOString(),
  date: (_field, { random }) => new Date(BASE_TIME + random.int(0, 365) * DAY_MS).toISOString().slice(0, 10),
  picklist: option,
  state: option,
  status: option,
  lookup: (field, { entity, random, index, rows, options }) => {
    const target = field.targets?.[0] ?? entity.name;
    if (target === entity.name) {
      return index > 0 && random.chance(0.2) ? { entity: target, id: String(rows[random.int(0, index - 1)][entity.primaryKey]) } : null;
    }
    const ids = options.idsOf?.(target) ?? [];
    return ids.length > 0 && random.chance(0.8) ? { entity: target, id: random.pick(ids) } : null;
  },
  owner: undefined,
};

/**
 * Generates `count` rows of any bench entity deterministically, a value for every field but the owner
 * and the server-set ones (pass the owner to `insertMany`). A lookup to its own entity points at an
 * earlier row of the chunk one time in five; a lookup to another entity at one of `idsOf` four times in five.
 */
export function generateBenchRows(entity: EntitySchema, count: number, options: BenchRowOptions = {}): FieldValues[] {
  const random = new SeededRandom(options.seed ?? 1);
  const offset = options.offset ?? 0;
  const rows: FieldValues[] = [];
  for (let i = 0; i < count; i++) {
    const row: Record<string, FieldValue> = {};
    for (const field of entity.fields) {
      if (field.readOnly || field.type === 'owner') continue;
      if (field.name === entity.primaryKey) {
        row[field.name] = random.uuid();
        continue;
      }
      const generate = GENERATORS[field.type];
      if (generate) row[field.name] = generate(field, { entity, random, offset, index: i, rows, options });
    }
    rows.push(row);
  }
  return rows;
}
