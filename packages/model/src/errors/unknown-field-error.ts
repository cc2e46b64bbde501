import { FieldsyncError } from './fieldsync-error';

/** A name was given that is not a field of the entity. */
export class UnknownFieldError extends FieldsyncError {
  constructor(
    readonly entity: string,
    readonly field: string,
    /** Where the name was found, e.g. `fields.revenue`. */
    readonly path = 'field',
  ) {
    super('UNKNOWN_FIELD', `${path}: unknown field '${field}' of entity '${entity}'`, { entity, field, path });
  }
}
