import { ValidationError, type EntitySchema } from '@fieldsync/model';

/**
 * The field names a read asked for, as a set (undefined: every field). Throws `ValidationError`
 * (code `VALIDATION_FAILED`, subject `fields`) naming each name that is not a field of the entity,
 * so that a typo is an error rather than a page of records with only their keys.
 */
export function wantedFields(entity: EntitySchema, fields: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (fields === undefined) return undefined;
  const known = new Set(entity.fields.map((field) => field.name));
  const issues = fields.flatMap((name, index) =>
    known.has(name) ? [] : [{ path: `fields[${index}]`, message: `unknown field '${name}' of entity '${entity.name}'` }],
  );
  if (issues.length > 0) throw new ValidationError('fields', issues);
  return new Set(fields);
}
