import { targetColumnOf } from '../schema/column-names';
import type { EntitySchema } from '../schema/entity-schema';
import { unhandledValueKind, valueKindOf } from '../schema/field-type-traits';
import type { FieldValue } from '../record/field-value';

/**
 * The field values of a SQL row written by {@link recordToRow}: booleans from 0/1, numbers as
 * numbers, lookups rebuilt from `x` and `x_target`. Columns missing from the row are omitted; a
 * lookup id without a target entity falls back to the field's only target (`systemuser` for an owner), else the value is null.
 */
export function rowToFields(entity: EntitySchema, row: Record<string, unknown>): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const field of entity.fields) {
    if (!Object.prototype.hasOwnProperty.call(row, field.name)) continue;
    const raw = row[field.name];
    if (raw === null || raw === undefined) {
      fields[field.name] = null;
      continue;
    }
    const kind = valueKindOf(field.type);
    switch (kind) {
      case 'boolean':
        fields[field.name] = raw === 1 || raw === 1n || raw === true || raw === '1';
        break;
      case 'whole-number':
      case 'number':
        fields[field.name] = typeof raw === 'number' ? raw : Number(raw);
        break;
      case 'reference': {
        const target = row[targetColumnOf(field.name)];
        const fallback = field.targets?.length === 1 ? field.targets[0] : field.type === 'owner' ? 'systemuser' : undefined;
        const entityName = typeof target === 'string' && target !== '' ? target : fallback;
        fields[field.name] = entityName === undefined ? null : { entity: entityName, id: String(raw) };
        break;
      }
      case 'text':
      case 'date-time':
      case 'date':
        fields[field.name] = typeof raw === 'string' ? raw : String(raw);
        break;
      default:
        unhandledValueKind(kind);
    }
  }
  return fields;
}
