import type { EntitySchema } from '@fieldsync/model';

/** What the connector knows about one entity after reading its definition: the model schema and the Web API names. */
export interface EntityMapping {
  readonly entity: EntitySchema;
  /** The Web API entity set (`accounts`). */
  readonly entitySet: string;
  /** `ChangeTrackingEnabled`: incremental reads use delta tokens, else `versionnumber`. */
  readonly changeTracking: boolean;
  /** The schema name used in privilege names (`prvReadAccount`). */
  readonly schemaName: string;
  /** Fields that may be written on create / on update. */
  readonly createable: ReadonlySet<string>;
  readonly updateable: ReadonlySet<string>;
  /** Fields under field-level security, by their attribute metadata id. */
  readonly securedFields: ReadonlyMap<string, string>;
}
