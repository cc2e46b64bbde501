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
    const id = randomUUID();
    const row = await this.db
      .insertInto('bridge_session')
      .values({
        id,
        family_id: id,
        family_ended_at: null,
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

  async findByRefreshToken(refreshTokenHash: string): Promise<StoredSession | undefined> {
    const row = await this.db.selectFrom('bridge_session').selectAll().where('refresh_token_hash', '=', refreshTokenHash).executeTakeFirst();
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
        .where('family_ended_at', 'is', null)
        .returning(['user_id', 'device_id', 'family_id'])
        .executeTakeFirst();
      if (!revoked) return undefined;
      const row = await trx
        .insertInto('bridge_session')
        .values({
          id: randomUUID(),
          family_id: revoked.family_id,
          family_ended_at: null,
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

  async endFamily(familyId: string, now: string): Promise<number> {
    const at = canonicalTime(now, 'now');
    let total = 0;
    // No transaction, on purpose: a rotation in flight may add a member that one PostgreSQL statement
    // cannot see (its snapshot predates the rotation's commit, and it only waits for the row it
    // locks). The next statement sees it; and no rotation can follow a member once it is ended, so
    // the loop stops when a statement finds nothing left.
    for (;;) {
      const ended = await this.db
        .updateTable('bridge_session')
        .set((eb) => ({ family_ended_at: at, revoked_at: eb.fn.coalesce('revoked_at', eb.val(at)) }))
        .where('family_id', '=', familyId)
        .where('family_ended_at', 'is', null)
        .executeTakeFirst();
      const count = toCount(ended.numUpdatedRows);
      if (count === 0) return total;
      total += count;
    }
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
    familyId: row.family_id,
    ...(row.family_ended_at !== null && { familyEndedAt: row.family_ended_at }),
  };
}
