import type { StoreCore, StoreExecutor } from '../store/store-core';
import { resolveOwner } from './organization';

/** An owner as {@link resolveOwner} answers it: the reference entity and the owning business unit. */
export type ResolvedOwner = NonNullable<Awaited<ReturnType<typeof resolveOwner>>>;

/**
 * The owners resolved during one write batch, each user or team looked up once: a batch of creates
 * names the same owner in every operation, and a create checks it up to three times (the reference,
 * the privilege's reach, the owning business unit). Users and teams are not records a write batch can
 * change, so an answer holds for the whole batch; make a new memo for each batch.
 */
export class OwnerMemo {
  readonly #owners = new Map<string, ResolvedOwner | null>();

  /** {@link resolveOwner}, asked of the database once per owner id. */
  async resolve(core: StoreCore, executor: StoreExecutor, ownerId: string): Promise<ResolvedOwner | undefined> {
    const known = this.#owners.get(ownerId);
    if (known !== undefined) return known ?? undefined;
    const found = await resolveOwner(core, ownerId, executor);
    this.#owners.set(ownerId, found ?? null);
    return found;
  }

  /**
   * Whether `entity` `id` is a user or team that exists, when the memo can tell (`undefined` otherwise:
   * not a user or team reference, or the id resolves to the other kind of owner).
   */
  async ownerExists(core: StoreCore, executor: StoreExecutor, entity: string, id: string): Promise<boolean | undefined> {
    if (entity !== 'systemuser' && entity !== 'team') return undefined;
    const owner = await this.resolve(core, executor, id);
    if (!owner) return false;
    return owner.entity === entity ? true : undefined;
  }
}
