import type { Kysely } from 'kysely';
import type { SignInAttemptRepository } from '../api/bridge-store';
import type { BridgeDatabase } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { toCount } from '../database/row-count';

/** {@link SignInAttemptRepository} over `bridge_sign_in_attempt`. */
export class KyselySignInAttemptRepository implements SignInAttemptRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async record(input: { userName: string; deviceId?: string; success: boolean; now: string }): Promise<void> {
    await this.db
      .insertInto('bridge_sign_in_attempt')
      .values({ user_name: input.userName, device_id: input.deviceId ?? null, success: input.success, attempted_at: canonicalTime(input.now, 'now') })
      .execute();
  }

  /** Counts failures at or after `since`. */
  async failuresSince(input: { userName: string; deviceId?: string; since: string }): Promise<{ byUser: number; byDevice: number }> {
    const since = canonicalTime(input.since, 'since');
    const failures = this.db
      .selectFrom('bridge_sign_in_attempt')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('success', '=', false)
      .where('attempted_at', '>=', since);
    const [byUser, byDevice] = await Promise.all([
      failures.where('user_name', '=', input.userName).executeTakeFirst(),
      input.deviceId === undefined ? undefined : failures.where('device_id', '=', input.deviceId).executeTakeFirst(),
    ]);
    return { byUser: toCount(byUser?.count), byDevice: toCount(byDevice?.count) };
  }
}
