import type { EntitySchema, FieldValue, FieldValues } from '@fieldsync/model';
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
      switch (field.type) {
        case 'string':
          row[field.name] = field.name === 'name' ? `${entity.name} ${random.pick(WORDS)} ${offset + i}` : `${random.pick(WORDS)} ${random.int(1, 99_999)}`;
          break;
        case 'memo':
          row[field.name] = Array.from({ length: 24 }, () => random.pick(WORDS)).join(' ').slice(0, 200);
          break;
        case 'int':
          row[field.name] = random.int(0, 100_000);
          break;
        case 'money':
        case 'decimal':
          row[field.name] = random.amount(0, 1_000_000);
          break;
        case 'bool':
          row[field.name] = random.chance(0.5);
          break;
        case 'datetime':
          row[field.name] = new Date(BASE_TIME + random.int(0, 365 * DAY_MS)).toISOString();
          break;
        case 'date':
          row[field.name] = new Date(BASE_TIME + random.int(0, 365) * DAY_MS).toISOString().slice(0, 10);
          break;
        case 'picklist':
        case 'state':
        case 'status':
          row[field.name] = field.options?.length ? random.pick(field.options).value : null;
          break;
        case 'lookup': {
          const target = field.targets?.[0] ?? entity.name;
          if (target === entity.name) {
            row[field.name] = i > 0 && random.chance(0.2) ? { entity: target, id: String(rows[random.int(0, i - 1)][entity.primaryKey]) } : null;
          } else {
            const ids = options.idsOf?.(target) ?? [];
            row[field.name] = ids.length > 0 && random.chance(0.8) ? { entity: target, id: random.pick(ids) } : null;
          }
          break;
        }
      }
    }
    rows.push(row);
  }
  return rows;
}
