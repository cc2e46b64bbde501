import type { Kysely } from 'kysely';
import type { SignInAttemptInput, SignInAttemptRepository, SignInFailures } from '../api/bridge-store';
import type { BridgeDatabase } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { toCount } from '../database/row-count';

/** {@link SignInAttemptRepository} over `bridge_sign_in_attempt`. */
export class KyselySignInAttemptRepository implements SignInAttemptRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async record(input: SignInAttemptInput): Promise<void> {
    await this.db
      .insertInto('bridge_sign_in_attempt')
      .values({
        user_name: input.userName,
        user_key: input.userKey,
        device_id: input.deviceId ?? null,
        client_address: input.clientAddress ?? null,
        success: input.success,
        attempted_at: canonicalTime(input.now, 'now'),
      })
      .execute();
  }

  /** Counts failures at or after `since`. */
  async failuresSince(input: { userKey?: string; deviceId?: string; clientAddress?: string; since: string }): Promise<SignInFailures> {
    const since = canonicalTime(input.since, 'since');
    const failures = this.db
      .selectFrom('bridge_sign_in_attempt')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('success', '=', false)
      .where('attempted_at', '>=', since);
    const [byUser, byDevice, byAddress] = await Promise.all([
      input.userKey === undefined ? undefined : failures.where('user_key', '=', input.userKey).executeTakeFirst(),
      input.deviceId === undefined ? undefined : failures.where('device_id', '=', input.deviceId).executeTakeFirst(),
      input.clientAddress === undefined ? undefined : failures.where('client_address', '=', input.clientAddress).executeTakeFirst(),
    ]);
    return { byUser: toCount(byUser?.count), byDevice: toCount(byDevice?.count), byAddress: toCount(byAddress?.count) };
  }
}
