import { UnknownEntityError } from '../errors/unknown-entity-error';
import { UnknownFieldError } from '../errors/unknown-field-error';
import type { EntitySchema, Schema } from './entity-schema';
import type { FieldSchema } from './field-schema';

/** The entity of that name, or undefined. */
export function findEntity(schema: Schema, name: string): EntitySchema | undefined {
  return schema.entities.find((entity) => entity.name === name);
}

/** The entity of that name; throws {@link UnknownEntityError} naming `path` when absent. */
export function getEntity(schema: Schema, name: string, path = 'entity'): EntitySchema {
  const entity = findEntity(schema, name);
  if (!entity) throw new UnknownEntityError(name, path);
  return entity;
}

/** The field of that name, or undefined. */
export function findField(entity: EntitySchema, name: string): FieldSchema | undefined {
  return entity.fields.find((field) => field.name === name);
}

/** The field of that name; throws {@link UnknownFieldError} naming `path` when absent. */
export function getField(entity: EntitySchema, name: string, path = 'field'): FieldSchema {
  const field = findField(entity, name);
  if (!field) throw new UnknownFieldError(entity.name, name, path);
  return field;
}

/** The lookups of an entity marked `parent` (a quote detail's quote): they decide upload and download order. */
export function parentLookups(entity: EntitySchema): FieldSchema[] {
  return entity.fields.filter((field) => field.type === 'lookup' && field.parent === true);
}
