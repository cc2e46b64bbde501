import { targetColumnOf } from '../schema/column-names';
import type { EntitySchema } from '../schema/entity-schema';
import { unhandledValueKind, valueKindOf, type FieldValueKind } from '../schema/field-type-traits';
import type { FieldValue } from '../record/field-value';

/** How one column becomes a field value, worked out once per entity schema. */
interface ColumnReader {
  readonly name: string;
  readonly kind: FieldValueKind;
  /** For a reference: the column of its target entity, and the entity to assume when it is empty. */
  readonly targetColumn: string;
  readonly fallback: string | undefined;
}

const readersOf = new WeakMap<EntitySchema, readonly ColumnReader[]>();

function columnReaders(entity: EntitySchema): readonly ColumnReader[] {
  let readers = readersOf.get(entity);
  if (!readers) {
    readers = entity.fields.map((field) => ({
      name: field.name,
      kind: valueKindOf(field.type),
      targetColumn: targetColumnOf(field.name),
      fallback: field.targets?.length === 1 ? field.targets[0] : field.type === 'owner' ? 'systemuser' : undefined,
    }));
    readersOf.set(entity, readers);
  }
  return readers;
}

/**
 * The field values of a SQL row written by {@link recordToRow}: booleans from 0/1, numbers as
 * numbers, lookups rebuilt from `x` and `x_target`. Columns missing from the row are omitted; a
 * lookup id without a target entity falls back to the field's only target (`systemuser` for an owner), else the value is null.
 */
export function rowToFields(entity: EntitySchema, row: Record<string, unknown>): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const reader of columnReaders(entity)) {
    const raw = row[reader.name];
    if (raw === null || raw === undefined) {
      if (raw === null || Object.prototype.hasOwnProperty.call(row, reader.name)) fields[reader.name] = null;
      continue;
    }
    switch (reader.kind) {
      case 'boolean':
        fields[reader.name] = raw === 1 || raw === 1n || raw === true || raw === '1';
        break;
      case 'whole-number':
      case 'number':
        fields[reader.name] = typeof raw === 'number' ? raw : Number(raw);
        break;
      case 'reference': {
        const target = row[reader.targetColumn];
        const entityName = typeof target === 'string' && target !== '' ? target : reader.fallback;
        fields[reader.name] = entityName === undefined ? null : { entity: entityName, id: String(raw) };
        break;
      }
      case 'text':
      case 'date-time':
      case 'date':
        fields[reader.name] = typeof raw === 'string' ? raw : String(raw);
        break;
      default:
        unhandledValueKind(reader.kind);
    }
  }
  return fields;
}
