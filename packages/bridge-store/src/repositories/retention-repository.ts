import type { Kysely } from 'kysely';
import type { RetainedTable, RetentionRepository } from '../api/bridge-store';
import type { BridgeDatabase } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { toCount } from '../database/row-count';
import { BridgeStoreError } from '../errors/bridge-store-error';

/** Most rows one purge statement deletes. */
export const MAX_PURGE_BATCH = 10_000;

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
    const { db } = this;
    let deleted;
    switch (table) {
      case 'signInAttempts':
        deleted = await db
          .deleteFrom('bridge_sign_in_attempt')
          .where('seq', 'in', db.selectFrom('bridge_sign_in_attempt').select('seq').where('attempted_at', '<', cutoff).orderBy('attempted_at').orderBy('seq').limit(limit))
          .executeTakeFirst();
        break;
      case 'syncLogs':
        deleted = await db
          .deleteFrom('bridge_sync_log')
          .where('seq', 'in', db.selectFrom('bridge_sync_log').select('seq').where('uploaded_at', '<', cutoff).orderBy('uploaded_at').orderBy('seq').limit(limit))
          .executeTakeFirst();
        break;
      case 'syncs':
        deleted = await db
          .deleteFrom('bridge_sync')
          .where('id', 'in', db.selectFrom('bridge_sync').select('id').where('started_at', '<', cutoff).orderBy('started_at').orderBy('id').limit(limit))
          .executeTakeFirst();
        break;
      case 'sessions':
        deleted = await db
          .deleteFrom('bridge_session')
          .where('id', 'in', db.selectFrom('bridge_session').select('id').where('expires_at', '<', cutoff).orderBy('expires_at').orderBy('id').limit(limit))
          .executeTakeFirst();
        break;
      default:
        throw new BridgeStoreError('INVALID_ARGUMENT', `no retained table '${String(table)}'`, { field: 'table', value: String(table) });
    }
    return toCount(deleted.numDeletedRows);
  }
}
