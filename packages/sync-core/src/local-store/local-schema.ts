import { getEntity, type Customization, type EntitySchema, type EntitySyncConfig, type Schema } from '@fieldsync/model';

/** One synchronised entity as the device holds it: the fields the customization selects and its sync settings. */
export interface LocalEntity {
  /** The entity with only the synchronised fields (primary key first). */
  readonly schema: EntitySchema;
  readonly config: EntitySyncConfig;
}

/** The device's entities, by name and in the customization's order. */
export interface LocalSchema {
  /** The server schema restricted to the synchronised entities and fields. */
  readonly schema: Schema;
  readonly entities: ReadonlyMap<string, LocalEntity>;
}

/**
 * Restricts the server's schema to what the customization synchronises. Throws `UnknownEntityError`
 * for an entity the server does not describe (the customization was validated against another schema).
 */
export function buildLocalSchema(serverSchema: Schema, customization: Customization): LocalSchema {
  const entities = new Map<string, LocalEntity>();
  const list: EntitySchema[] = [];
  customization.entities.forEach((config, index) => {
    const full = getEntity(serverSchema, config.entity, `entities[${index}].entity`);
    const wanted = config.fields === 'all' ? undefined : new Set([full.primaryKey, ...config.fields]);
    const fields = full.fields.filter((field) => wanted === undefined || wanted.has(field.name));
    const schema: EntitySchema = { ...full, fields };
    list.push(schema);
    entities.set(config.entity, { schema, config });
  });
  return { schema: { entities: list }, entities };
}
