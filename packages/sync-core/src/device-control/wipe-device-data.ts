import { sql } from 'kysely';
import type { LocalDb } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';

const KEPT_TABLES = new Set<string>(Object.values(SYSTEM_TABLES));

/**
 * Erases everything the engine keeps on the device: every entity table (and staging copy) is dropped;
 * changes, shadows, anchors, sync errors, the sync log and every `fs_meta` fact (customization, schema,
 * permissions, who am I, device control) are deleted, in one transaction. Only the format marker stays,
 * so the file is still recognised as a Fieldsync database and can be set up again. Then the file is
 * vacuumed so the erased pages do not linger on disk (best effort: a database the app manages may refuse).
 */
export async function wipeDeviceData(db: LocalDb): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tables = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(trx)).rows.map(
      (row) => row.name,
    );
    for (const table of tables) {
      if (KEPT_TABLES.has(table)) continue;
      await trx.schema.dropTable(table).ifExists().execute();
    }
    for (const table of KEPT_TABLES) {
      if (!tables.includes(table)) continue;
      let query = trx.deleteFrom(table);
      if (table === SYSTEM_TABLES.meta) query = query.where('key', '!=', 'format');
      await query.execute();
    }
    const sequence = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_sequence'`.execute(trx);
    if (Number(sequence.rows[0]?.n ?? 0) > 0) await sql`delete from sqlite_sequence`.execute(trx);
  });
  try {
    await sql`vacuum`.execute(db);
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
  } catch {
    // The data is already gone from the tables; vacuuming only shrinks the file.
  }
}
