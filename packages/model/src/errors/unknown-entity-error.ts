import { FieldsyncError } from './fieldsync-error';

/** A name was given that is not an entity of the schema. */
export class UnknownEntityError extends FieldsyncError {
  constructor(
    readonly entity: string,
    /** Where the name was found, e.g. `entities[2].name`. */
    readonly path = 'entity',
  ) {
    super('UNKNOWN_ENTITY', `${path}: unknown entity '${entity}'`, { entity, path });
  }
}
