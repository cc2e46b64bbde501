/** A pointer to one record: the value of a lookup or owner field. */
export interface EntityReference {
  /** Logical name of the target entity, e.g. `account`. */
  readonly entity: string;
  /** Primary key of the target record. */
  readonly id: string;
}

/** True when the value is an {@link EntityReference}. */
export function isEntityReference(value: unknown): value is EntityReference {
  return (
    typeof value === 'object' && value !== null && typeof (value as EntityReference).entity === 'string' && typeof (value as EntityReference).id === 'string'
  );
}
