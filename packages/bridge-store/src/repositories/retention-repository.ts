import { sql, type Kysely } from 'kysely';
import type { RetainedTable, RetentionRepository } from '../api/bridge-store';
import type { BridgeDatabase } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { toCount } from '../database/row-count';
import { BridgeStoreError } from '../errors/bridge-store-error';

/** Most rows one purge statement deletes. */
export const MAX_PURGE_BATCH = 10_000;

/** Each retained table: its name, its key and the time its rows age by (each pair has an index). */
const RETAINED_TABLES: Readonly<Record<RetainedTable, { readonly name: keyof BridgeDatabase; readonly key: string; readonly time: string }>> = {
  signInAttempts: { name: 'bridge_sign_in_attempt', key: 'seq', time: 'attempted_at' },
  syncLogs: { name: 'bridge_sync_log', key: 'seq', time: 'uploaded_at' },
  syncs: { name: 'bridge_sync', key: 'id', time: 'started_at' },
  sessions: { name: 'bridge_session', key: 'id', time: 'expires_at' },
};

/**
 * {@link RetentionRepository}: each call is one `delete ... where key in (select key ... order by
 * time limit n)`, the same statement on SQLite and PostgreSQL, served by a (time, key) index.
 */
export class KyselyRetentionRepository implements RetentionRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async purge(table: RetainedTable, before: string, limit: number): Promise<number> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PURGE_BATCH) {
      throw new BridgeStoreError('INVALID_ARGUMENT', `a purge batch is 1 to ${MAX_PURGE_BATCH} rows, got ${limit}`, { field: 'limit', value: limit });
    }
    const cutoff = canonicalTime(before, 'before');
    const retained = Object.hasOwn(RETAINED_TABLES, table) ? RETAINED_TABLES[table] : undefined;
    if (retained === undefined) {
      throw new BridgeStoreError('INVALID_ARGUMENT', `no retained table '${String(table)}'`, { field: 'table', value: String(table) });
    }
    const { name, key, time } = retained;
    const deleted =
      await sql`delete from ${sql.table(name)} where ${sql.ref(key)} in (select ${sql.ref(key)} from ${sql.table(name)} where ${sql.ref(time)} < ${cutoff} order by ${sql.ref(time)}, ${sql.ref(key)} limit ${limit})`.execute(
        this.db,
      );
    return toCount(deleted.numAffectedRows);
  }
}
