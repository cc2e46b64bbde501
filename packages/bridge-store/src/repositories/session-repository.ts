import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { SessionRepository, StoredSession } from '../api/bridge-store';
import type { BridgeDatabase, SessionTable } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { toCount } from '../database/row-count';

/** {@link SessionRepository} over `bridge_session`. */
export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async create(input: { userId: string; deviceId?: string; refreshTokenHash: string; now: string; expiresAt: string }): Promise<StoredSession> {
    const row = await this.db
      .insertInto('bridge_session')
      .values({
        id: randomUUID(),
        user_id: input.userId,
        device_id: input.deviceId ?? null,
        refresh_token_hash: input.refreshTokenHash,
        created_at: canonicalTime(input.now, 'now'),
        expires_at: canonicalTime(input.expiresAt, 'expiresAt'),
        revoked_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toSession(row);
  }

  async findLive(refreshTokenHash: string, now: string): Promise<StoredSession | undefined> {
    const row = await this.db
      .selectFrom('bridge_session')
      .selectAll()
      .where('refresh_token_hash', '=', refreshTokenHash)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', canonicalTime(now, 'now'))
      .executeTakeFirst();
    return row && toSession(row);
  }

  async rotate(sessionId: string, next: { refreshTokenHash: string; now: string; expiresAt: string }): Promise<StoredSession | undefined> {
    const now = canonicalTime(next.now, 'now');
    const expiresAt = canonicalTime(next.expiresAt, 'expiresAt');
    return this.db.transaction().execute(async (trx) => {
      // The conditional update decides: of two concurrent rotations, PostgreSQL makes the second
      // wait for the first's row lock, re-checks `revoked_at is null`, and updates nothing.
      const revoked = await trx
        .updateTable('bridge_session')
        .set({ revoked_at: now })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .returning(['user_id', 'device_id'])
        .executeTakeFirst();
      if (!revoked) return undefined;
      const row = await trx
        .insertInto('bridge_session')
        .values({
          id: randomUUID(),
          user_id: revoked.user_id,
          device_id: revoked.device_id,
          refresh_token_hash: next.refreshTokenHash,
          created_at: now,
          expires_at: expiresAt,
          revoked_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    });
  }

  async revoke(sessionId: string, now: string): Promise<void> {
    await this.db
      .updateTable('bridge_session')
      .set({ revoked_at: canonicalTime(now, 'now') })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeDevice(deviceId: string, now: string): Promise<number> {
    const result = await this.db
      .updateTable('bridge_session')
      .set({ revoked_at: canonicalTime(now, 'now') })
      .where('device_id', '=', deviceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return toCount(result.numUpdatedRows);
  }

  async get(sessionId: string): Promise<StoredSession | undefined> {
    const row = await this.db.selectFrom('bridge_session').selectAll().where('id', '=', sessionId).executeTakeFirst();
    return row && toSession(row);
  }
}

function toSession(row: Selectable<SessionTable>): StoredSession {
  return {
    id: row.id,
    userId: row.user_id,
    ...(row.device_id !== null && { deviceId: row.device_id }),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    ...(row.revoked_at !== null && { revokedAt: row.revoked_at }),
  };
}
