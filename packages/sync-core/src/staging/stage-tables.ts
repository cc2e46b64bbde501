import { sql } from 'kysely';
import type { EntitySchema } from '@fieldsync/model';
import { writeAnchor, type EntityAnchor } from '../download/anchor-store';
import { createEntityTable } from '../local-store/entity-tables';
import type { LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { tableColumns } from '../download/upsert-records';
import { rebaseLocalEdits, type RebaseFigures } from '../apply/rebase-local-edits';
import { clearStagedUpdate } from './staged-update';
import { forgetTouchedRecords, touchedIds, trackTouchedRecords } from './touched-records';

/** Prefix of the staging copy of an entity table. */
export const STAGE_TABLE_PREFIX = 'fs_stage__';

/** The staging table of an entity. */
export function stageTableOf(entity: string): string {
  return `${STAGE_TABLE_PREFIX}${entity}`;
}

/**
 * Creates an entity's staging table, dropping a leftover of an interrupted staged sync. A full
 * download starts it empty; an incremental one starts from a copy of the live rows. From here on, the
 * live records written (by the app, or an upload's answer) are noted, for the rebase at the swap.
 */
export async function createStage(db: LocalExecutor, schema: EntitySchema, copyLive: boolean): Promise<string> {
  const table = stageTableOf(schema.name);
  await db.schema.dropTable(table).ifExists().execute();
  await createEntityTable(db, schema, table);
  if (copyLive) {
    const columns = tableColumns(schema).map((column) => sql.id(column));
    await sql`insert into ${sql.id(table)} (${sql.join(columns)}) select ${sql.join(columns)} from ${sql.id(schema.name)}`.execute(db);
  }
  await trackTouchedRecords(db, schema);
  return table;
}

/** Drops every staging table and forgets the staged update waiting, if any (an abandoned or superseded staged sync). */
export async function dropStages(db: LocalExecutor, local: LocalSchema): Promise<void> {
  for (const entity of local.entities.keys()) {
    await db.schema.dropTable(stageTableOf(entity)).ifExists().execute();
    await forgetTouchedRecords(db, entity);
  }
  await clearStagedUpdate(db);
}

/**
 * Swaps staged entities in, in one short transaction (the caller's): the device's edits since the
 * stage began are rebased onto it ({@link rebaseLocalEdits}), then each live table is replaced by its
 * staging table (a rename, whatever the size) and the entities' anchors are written. Returns the
 * rebase's figures, summed over the entities.
 */
export async function swapStaged(trx: LocalExecutor, local: LocalSchema, staged: ReadonlyArray<{ entity: string; anchor: EntityAnchor }>): Promise<RebaseFigures> {
  const total = { merged: 0, kept: 0, keptDeleted: 0 };
  for (const { entity, anchor } of staged) {
    const schema = local.entities.get(entity)?.schema;
    if (!schema) continue;
    const stage = stageTableOf(entity);
    const figures = await rebaseLocalEdits(trx, schema, stage, await touchedIds(trx, entity));
    total.merged += figures.merged;
    total.kept += figures.kept;
    total.keptDeleted += figures.keptDeleted;
    await forgetTouchedRecords(trx, entity);
    await trx.schema.dropTable(entity).execute();
    await sql`alter table ${sql.id(stage)} rename to ${sql.id(entity)}`.execute(trx);
    // Index names follow the table; recreate them under the live table's names.
    for (const field of schema.fields) {
      if (!field.parent) continue;
      await trx.schema.dropIndex(`${stage}__${field.name}`).ifExists().execute();
      await trx.schema.createIndex(`${entity}__${field.name}`).ifNotExists().on(entity).column(field.name).execute();
    }
    await writeAnchor(trx, anchor);
  }
  return total;
}
