import { InvalidFilterError } from '../../errors/invalid-filter-error';
import type { EntitySchema, Schema } from '../../schema/entity-schema';
import type { FieldSchema } from '../../schema/field-schema';
import { findEntity, findField } from '../../schema/schema-lookup';

/** The field a filter node names; throws {@link InvalidFilterError} at `path` when unknown. */
export function resolveField(entity: EntitySchema, name: string, path: string): FieldSchema {
  const field = findField(entity, name);
  if (!field) throw new InvalidFilterError(`unknown field '${name}' of entity '${entity.name}'`, path);
  return field;
}

/** The entity a filter node names; throws {@link InvalidFilterError} at `path` when unknown. */
export function resolveEntity(schema: Schema, name: string, path: string): EntitySchema {
  const entity = findEntity(schema, name);
  if (!entity) throw new InvalidFilterError(`unknown entity '${name}'`, path);
  return entity;
}
