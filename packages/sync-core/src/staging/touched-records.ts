import { sql } from 'kysely';
import type { EntitySchema } from '@fieldsync/model';
import type { LocalExecutor } from '../local-store/local-db';

/** The table of live records written while their entity is staged (by the app, an upload's answer, a resolved error). */
export const TOUCHED_TABLE = 'fs_stage_touched';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const triggerOf = (entity: string, event: 'insert' | 'update' | 'delete') => `fs_stage_touch__${entity}__${event}`;

/**
 * Starts noting which live records of `schema` change while its staging table is filled and waits to
 * be applied: a trigger per write kind inserts the record's id into {@link TOUCHED_TABLE}. Call it in
 * the transaction that creates the stage, so no write falls between the copy and the triggers.
 */
export async function trackTouchedRecords(db: LocalExecutor, schema: EntitySchema): Promise<void> {
  await sql`create table if not exists ${sql.id(TOUCHED_TABLE)} (entity text not null, record_id text not null, primary key (entity, record_id))`.execute(db);
  await sql`delete from ${sql.id(TOUCHED_TABLE)} where entity = ${schema.name}`.execute(db);
  const table = quote(schema.name);
  const key = quote(schema.primaryKey);
  for (const event of ['insert', 'update', 'delete'] as const) {
    const row = event === 'delete' ? 'old' : 'new';
    await sql
      .raw(
        `create trigger if not exists ${quote(triggerOf(schema.name, event))} after ${event} on ${table} begin ` +
          // Not `insert or ignore`: inside a trigger, the outer statement's conflict policy (an upsert's) wins.
          `insert into ${quote(TOUCHED_TABLE)} (entity, record_id) select ${literal(schema.name)}, ${row}.${key} ` +
          `where not exists (select 1 from ${quote(TOUCHED_TABLE)} where entity = ${literal(schema.name)} and record_id = ${row}.${key}); end`,
      )
      .execute(db);
  }
}

/** Stops noting writes to `entity` and forgets what was noted. */
export async function forgetTouchedRecords(db: LocalExecutor, entity: string): Promise<void> {
  for (const event of ['insert', 'update', 'delete'] as const) await sql.raw(`drop trigger if exists ${quote(triggerOf(entity, event))}`).execute(db);
  const exists = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${TOUCHED_TABLE}`.execute(db);
  if (Number(exists.rows[0]?.n ?? 0) > 0) await sql`delete from ${sql.id(TOUCHED_TABLE)} where entity = ${entity}`.execute(db);
}

/** Ids of the live records of `entity` written since its stage began. */
export async function touchedIds(db: LocalExecutor, entity: string): Promise<Set<string>> {
  const exists = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${TOUCHED_TABLE}`.execute(db);
  if (Number(exists.rows[0]?.n ?? 0) === 0) return new Set();
  const rows = await sql<{ record_id: string }>`select record_id from ${sql.id(TOUCHED_TABLE)} where entity = ${entity}`.execute(db);
  return new Set(rows.rows.map((row) => String(row.record_id)));
}

/** Forgets the notes of the records `ids` of `entity` (rebased since): a later write notes them again. */
export async function forgetTouchedIds(db: LocalExecutor, entity: string, ids: readonly string[]): Promise<void> {
  for (let start = 0; start < ids.length; start += 500) {
    await db
      .deleteFrom(TOUCHED_TABLE)
      .where('entity', '=', entity)
      .where('record_id', 'in', ids.slice(start, start + 500))
      .execute();
  }
}
