import type { Principal } from '../api/principal';
import type { StorePermissions } from '../api/privileges';
import type { StoreExecutor } from '../store/store-core';
import { readSecurityStamp } from './security-stamp';

/** Entries kept per kind before the cache starts over (an org's users, with room to spare). */
const MAX_ENTRIES = 20_000;

/**
 * Principals and effective permissions, computed once per security stamp. Every call reads the stamp
 * (one one-row query instead of the two to five a principal or a permission set costs); when it has
 * grown, every entry is dropped. An entry is always computed after its stamp was read, so it is never
 * older than the stamp it is kept under. A stamp older than the cache's (a read that raced a newer
 * one) is answered without the cache.
 */
export class SecurityCache {
  #stamp = -1;
  readonly #principals = new Map<string, Promise<Principal>>();
  readonly #permissions = new Map<string, Promise<StorePermissions>>();

  /** The principal of `userId`, from `load` when not cached under the current stamp. */
  principal(executor: StoreExecutor, userId: string, load: () => Promise<Principal>): Promise<Principal> {
    return this.#get(executor, this.#principals, userId, load);
  }

  /** The permissions of `principal`, from `load` when not cached under the current stamp. */
  permissions(executor: StoreExecutor, principal: Principal, load: () => Promise<StorePermissions>): Promise<StorePermissions> {
    return this.#get(executor, this.#permissions, `${principal.userId}|${principal.teamIds.join(',')}`, load);
  }

  async #get<T>(executor: StoreExecutor, entries: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
    const stamp = await readSecurityStamp(executor);
    if (stamp < this.#stamp) return load();
    if (stamp > this.#stamp) {
      this.#stamp = stamp;
      this.#principals.clear();
      this.#permissions.clear();
    }
    const cached = entries.get(key);
    if (cached) return cached;
    if (entries.size >= MAX_ENTRIES) entries.clear();
    const loading = load();
    entries.set(key, loading);
    // A failed load (a user that is gone) is not kept: the next call asks again.
    loading.catch(() => {
      if (entries.get(key) === loading) entries.delete(key);
    });
    return loading;
  }
}
