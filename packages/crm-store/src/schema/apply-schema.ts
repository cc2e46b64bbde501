import { sql } from 'kysely';
import { parseSchema, type Schema } from '@fieldsync/model';
import { StoreSchemaChangeRefusedError } from '../errors/store-errors';
import type { StoreCore } from '../store/store-core';
import { addFieldStatements, createEntityTableStatements, isSystemColumn } from './entity-table';

/**
 * Applies a schema additively in one transaction: new entities get tables, new fields get columns.
 * Removing an entity or field, changing a type or a primary key is refused before anything changes.
 */
export async function applySchema(core: StoreCore, input: Schema): Promise<void> {
  const next = parseSchema(input);
  const previous = core.schema;
  for (const [ei, oldEntity] of previous.entities.entries()) {
    const newEntity = next.entities.find((e) => e.name === oldEntity.name);
    if (!newEntity) throw new StoreSchemaChangeRefusedError(`entities[${ei}]`, `entity '${oldEntity.name}' would be removed`);
    if (newEntity.primaryKey !== oldEntity.primaryKey) {
      throw new StoreSchemaChangeRefusedError(
        `${oldEntity.name}.primaryKey`,
        `primary key would change from '${oldEntity.primaryKey}' to '${newEntity.primaryKey}'`,
      );
    }
    for (const oldField of oldEntity.fields) {
      const newField = newEntity.fields.find((f) => f.name === oldField.name);
      if (!newField) throw new StoreSchemaChangeRefusedError(`${oldEntity.name}.${oldField.name}`, `field '${oldField.name}' would be removed`);
      if (newField.type !== oldField.type) {
        throw new StoreSchemaChangeRefusedError(`${oldEntity.name}.${oldField.name}`, `type would change from '${oldField.type}' to '${newField.type}'`);
      }
    }
  }
  const statements: string[] = [];
  for (const entity of next.entities) {
    const old = previous.entities.find((e) => e.name === entity.name);
    if (!old) {
      statements.push(...createEntityTableStatements(entity));
      continue;
    }
    for (const field of entity.fields) {
      if (old.fields.some((f) => f.name === field.name)) continue;
      if (isSystemColumn(field.name)) continue;
      statements.push(...addFieldStatements(entity, field));
    }
  }
  await core.db.transaction().execute(async (trx) => {
    for (const statement of statements) await sql.raw(statement).execute(trx);
    await sql`insert into fs_meta (key, value) values ('schema', ${JSON.stringify(next)})
      on conflict(key) do update set value = excluded.value`.execute(trx);
  });
  core.schema = next;
}
