import type { ApiServices } from '../context/api-services';
import type { CustomizationContent } from './customization-diff';

/** An entity a device would download in full after a publication, and how many records that is. */
export interface DryRunDownload {
  readonly entity: string;
  /** Records the device's user may read that match the new sync filter, counted by the CRM now. */
  readonly records: number;
}

/**
 * Counts, as each user, the records a full download of each entity would bring under the new
 * customization's filter; asks the CRM once per user and entity however many devices share them.
 */
export class DryRunDownloadCounter {
  private readonly counts = new Map<string, Promise<number>>();

  constructor(
    private readonly services: ApiServices,
    private readonly next: CustomizationContent,
  ) {}

  /** The downloads of `entities` for a device of `userId`, in the given order. */
  async downloads(userId: string, entities: readonly string[]): Promise<DryRunDownload[]> {
    return Promise.all(entities.map(async (entity) => ({ entity, records: await this.count(userId, entity) })));
  }

  private count(userId: string, entity: string): Promise<number> {
    const key = `${userId}\u0000${entity}`;
    let counted = this.counts.get(key);
    if (!counted) {
      const where = this.next.entities.find((config) => config.entity === entity)?.filter?.where;
      counted = this.services.backend
        .connectorFor(userId)
        .count({ entity, ...(where ? { filter: where } : {}) })
        .then((counts) => counts.matching);
      this.counts.set(key, counted);
    }
    return counted;
  }
}
