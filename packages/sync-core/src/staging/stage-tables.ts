import { sql } from 'kysely';
import type { EntitySchema } from '@fieldsync/model';
import { writeAnchor, type EntityAnchor } from '../download/anchor-store';
import { createEntityTable } from '../local-store/entity-tables';
import type { LocalDb, LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { tableColumns } from '../download/upsert-records';
import { addRebaseFigures, queuedIds, rebaseRecords, type RebaseFigures } from '../apply/rebase-local-edits';
import { randomUUID } from '../ids/random-uuid';
import { yieldToEventLoop } from '../scheduling/yield-to-event-loop';
import type { WriteGate } from '../writes/write-gate';
import { clearStagedUpdate } from './staged-update';
import { clearStagingProgress } from './staging-progress';
import { forgetTouchedRecords, touchedIds, trackTouchedRecords } from './touched-records';

/** Prefix of the staging copy of an entity table. */
export const STAGE_TABLE_PREFIX = 'fs_stage__';

/** The staging table of an entity. */
export function stageTableOf(entity: string): string {
  return `${STAGE_TABLE_PREFIX}${entity}`;
}

/** The live table an Apply Update replaced, dropped in short steps after the swap committed. */
export function retiredTableOf(entity: string): string {
  return `fs_retired__${entity}`;
}

/**
 * Creates an entity's staging table, dropping a leftover of an interrupted staged sync. A full
 * download starts it empty; an incremental one starts from a copy of the live rows. From here on, the
 * live records written (by the app, or an upload's answer) are noted, for the rebase at the swap.
 */
export async function createStage(db: LocalExecutor, schema: EntitySchema, copyLive: boolean): Promise<string> {
  const table = stageTableOf(schema.name);
  await db.schema.dropTable(table).ifExists().execute();
  // Its indexes keep their names after the swap (a rename moves them), so each stage's are new names.
  await createEntityTable(db, schema, table, `__${randomUUID().slice(0, 8)}`);
  if (copyLive) {
    const columns = tableColumns(schema).map((column) => sql.id(column));
    await sql`insert into ${sql.id(table)} (${sql.join(columns)}) select ${sql.join(columns)} from ${sql.id(schema.name)}`.execute(db);
  }
  await trackTouchedRecords(db, schema);
  return table;
}

/** Drops every staging table and forgets the staged update waiting, if any, and a cut staging's progress (an abandoned or superseded staged sync). */
export async function dropStages(db: LocalExecutor, local: LocalSchema): Promise<void> {
  for (const entity of local.entities.keys()) {
    await db.schema.dropTable(stageTableOf(entity)).ifExists().execute();
    await db.schema.dropTable(retiredTableOf(entity)).ifExists().execute();
    await forgetTouchedRecords(db, entity);
  }
  await clearStagedUpdate(db);
  await clearStagingProgress(db);
}

/**
 * Swaps staged entities in, in one short transaction (the caller's): the device's edits since the
 * stage began are rebased onto it ({@link rebaseRecords}: every record with queued changes and every
 * record written live, with `rebase: 'all'`; only the records written live since an earlier rebase
 * with `'touched'`), then each live table is renamed to its retired table and its staging table to the
 * live name (renames, whatever the size), and the entities' anchors are written. The retired tables
 * are dropped after the commit ({@link dropRetiredTables}). Returns the rebase's figures.
 */
export async function swapStaged(
  trx: LocalExecutor,
  local: LocalSchema,
  staged: ReadonlyArray<{ entity: string; anchor: EntityAnchor }>,
  rebase: 'all' | 'touched' = 'all',
): Promise<RebaseFigures> {
  let total: RebaseFigures = { merged: 0, kept: 0, keptDeleted: 0 };
  for (const { entity, anchor } of staged) {
    const schema = local.entities.get(entity)?.schema;
    if (!schema) continue;
    const stage = stageTableOf(entity);
    const touched = await touchedIds(trx, entity);
    const ids = rebase === 'all' ? [...new Set([...(await queuedIds(trx, entity)), ...touched])] : [...touched];
    total = addRebaseFigures(total, await rebaseRecords(trx, schema, stage, ids));
    await forgetTouchedRecords(trx, entity);
    const retired = retiredTableOf(entity);
    await trx.schema.dropTable(retired).ifExists().execute();
    await sql`alter table ${sql.id(entity)} rename to ${sql.id(retired)}`.execute(trx);
    await sql`alter table ${sql.id(stage)} rename to ${sql.id(entity)}`.execute(trx);
    await writeAnchor(trx, anchor);
  }
  return total;
}

/** Rows deleted per short transaction when a retired table is emptied. */
const RETIRED_ROWS_PER_STEP = 5_000;

/**
 * Drops the retired tables of `entities` in short steps: their rows are deleted a few thousand at a
 * time, each step its own transaction after any waiting app write, then the empty table is dropped
 * (dropping a full table at once holds the database for as long as it takes to free every page).
 */
export async function dropRetiredTables(db: LocalDb, gate: WriteGate, entities: readonly string[]): Promise<void> {
  for (const entity of entities) {
    const retired = retiredTableOf(entity);
    const exists = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${retired}`.execute(db);
    if (Number(exists.rows[0]?.n ?? 0) === 0) continue;
    for (;;) {
      await gate.whenNoWriterWaiting();
      const deleted = await sql`delete from ${sql.id(retired)} where rowid in (select rowid from ${sql.id(retired)} limit ${RETIRED_ROWS_PER_STEP})`.execute(
        db,
      );
      if (Number(deleted.numAffectedRows ?? 0) < RETIRED_ROWS_PER_STEP) break;
      await yieldToEventLoop();
    }
    await gate.whenNoWriterWaiting();
    await db.schema.dropTable(retired).ifExists().execute();
  }
}
