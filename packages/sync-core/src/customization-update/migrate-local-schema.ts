import { sql } from 'kysely';
import { canonicalJson, type Customization } from '@fieldsync/model';
import { ensureEntityTables } from '../local-store/entity-tables';
import type { LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import { dropStages, stageTableOf } from '../staging/stage-tables';
import type { CustomizationChange } from './customization-change';

/** The points of a customization update at which a crash test may stop it. */
export type MigrationStep = 'dropped-tables' | 'dropped-columns' | 'created-tables' | 'written';

/**
 * Adapts the device tables to a new customization, in the caller's transaction (SQLite DDL is
 * transactional, so a failure or a crash anywhere leaves the previous tables, data and customization):
 * drops the tables of entities no longer synchronised (with their anchors, shadows and sync errors),
 * drops columns no longer synchronised, creates the new tables and columns. Returns the entities to
 * download in full: new tables, new columns, changed fields or filter. Their anchors are forgotten
 * (the generation is kept, so the full download still sweeps rows the server no longer sends): the
 * full download happens even if this sync stops before it. `onStep` is called after each stage.
 */
export async function migrateLocalSchema(
  trx: LocalExecutor,
  input: {
    before?: { readonly local: LocalSchema; readonly customization: Customization };
    after: { readonly local: LocalSchema; readonly customization: Customization };
    change?: CustomizationChange;
    onStep?: (step: MigrationStep) => void | Promise<void>;
  },
): Promise<string[]> {
  const { before, after, change } = input;
  for (const entity of change?.droppedEntities ?? []) {
    await trx.schema.dropTable(entity).ifExists().execute();
    await trx.schema.dropTable(stageTableOf(entity)).ifExists().execute();
    await trx.deleteFrom(SYSTEM_TABLES.anchor).where('entity', '=', entity).execute();
    await trx.deleteFrom(SYSTEM_TABLES.shadow).where('entity', '=', entity).execute();
    await trx.deleteFrom(SYSTEM_TABLES.error).where('entity', '=', entity).execute();
    await trx.deleteFrom(SYSTEM_TABLES.orphanParent).where('entity', '=', entity).execute();
  }
  await input.onStep?.('dropped-tables');
  for (const { entity, column } of change?.droppedColumns ?? []) {
    // SQLite refuses to drop an indexed column: its indexes go first.
    const indexes = await sql<{ name: string }>`
      select il.name as name from pragma_index_list(${entity}) as il, pragma_index_info(il.name) as ii
      where ii.name = ${column} and il.origin = 'c'`.execute(trx);
    for (const index of indexes.rows) await trx.schema.dropIndex(index.name).ifExists().execute();
    const present = await sql<{ n: number }>`select count(*) as n from pragma_table_info(${entity}) where name = ${column}`.execute(trx);
    if (Number(present.rows[0]?.n ?? 0) > 0) await sql`alter table ${sql.id(entity)} drop column ${sql.id(column)}`.execute(trx);
  }
  await input.onStep?.('dropped-columns');
  await dropStages(trx, after.local);
  const needFull = new Set(await ensureEntityTables(trx, after.local));
  for (const config of after.customization.entities) {
    const previous = before?.customization.entities.find((entity) => entity.entity === config.entity);
    if (
      !previous ||
      canonicalJson(previous.filter ?? null) !== canonicalJson(config.filter ?? null) ||
      canonicalJson(previous.fields) !== canonicalJson(config.fields)
    ) {
      needFull.add(config.entity);
    }
  }
  for (const { entity } of change?.addedColumns ?? []) needFull.add(entity);
  const full = [...needFull].filter((entity) => after.local.entities.has(entity));
  if (full.length > 0) await trx.updateTable(SYSTEM_TABLES.anchor).set({ anchor: null }).where('entity', 'in', full).execute();
  await input.onStep?.('created-tables');
  return full;
}
