import type { BackendUser } from '@fieldsync/device-api';

/**
 * A bridge backend's users by id, kept for a short time so every API call does not ask the CRM who
 * its caller is (a user disabled in the CRM is refused within `ttlMs`). Unknown users are kept too.
 */
export class BackendUserCache {
  readonly #users = new Map<string, { readonly user: BackendUser | undefined; readonly until: number }>();

  /**
   * @param load asks the CRM for one user
   * @param ttlMs how long an answer is kept
   * @param now the clock the age is measured with
   */
  constructor(
    private readonly load: (userId: string) => Promise<BackendUser | undefined>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** Keeps what the CRM said of a user; answers it. */
  remember(userId: string, user: BackendUser | undefined): BackendUser | undefined {
    this.#users.set(userId, { user, until: this.now() + this.ttlMs });
    return user;
  }

  /** The user, from the cache while fresh, else from the CRM. */
  async get(userId: string): Promise<BackendUser | undefined> {
    const cached = this.#users.get(userId);
    if (cached && cached.until > this.now()) return cached.user;
    return this.remember(userId, await this.load(userId));
  }

  /** The user as last seen, fresh or not (undefined when never seen). */
  lastSeen(userId: string): BackendUser | undefined {
    return this.#users.get(userId)?.user;
  }

  /** Forgets a user: the next {@link get} asks the CRM. */
  forget(userId: string): void {
    this.#users.delete(userId);
  }
}
