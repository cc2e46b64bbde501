import { targetColumnOf } from '../schema/column-names';
import type { EntitySchema } from '../schema/entity-schema';
import { isReferenceType } from '../schema/field-type';
import { isEntityReference } from '../record/entity-reference';
import type { FieldValues } from '../record/field-value';
import { encodeSqlValue } from './encode-sql-value';

/**
 * The SQL row of a record's fields: one column per field, two for a lookup or owner (`x` the id,
 * `x_target` the entity). Fields absent from `fields` or unknown to the entity are left out, so the
 * row suits both inserts and partial updates.
 */
export function recordToRow(entity: EntitySchema, fields: FieldValues): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of entity.fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, field.name)) continue;
    const value = fields[field.name];
    if (value === undefined) continue;
    row[field.name] = encodeSqlValue(field, value);
    if (isReferenceType(field.type)) row[targetColumnOf(field.name)] = isEntityReference(value) ? value.entity : null;
  }
  return row;
}
