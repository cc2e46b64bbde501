import type { ApiServices } from '../context/api-services';
import type { CustomizationContent } from './customization-diff';

/** An entity a device would download in full after a publication, and how many records that is. */
export interface DryRunDownload {
  readonly entity: string;
  /** Records the device's user may read that match the new sync filter, counted by the CRM now. */
  readonly records: number;
}

/** Counts sent to the CRM at once by one dry run: a fleet of many users must not flood the CRM's API. */
const CONCURRENT_COUNTS = 4;

/**
 * Counts, as each user, the records a full download of each entity would bring under the new
 * customization's filter; asks the CRM once per user and entity however many devices share them,
 * at most {@link CONCURRENT_COUNTS} at a time.
 */
export class DryRunDownloadCounter {
  private readonly counts = new Map<string, Promise<number>>();
  private running = 0;
  private readonly waiting: (() => void)[] = [];

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
      counted = this.limited(() => this.services.backend.connectorFor(userId).count({ entity, ...(where ? { filter: where } : {}) })).then(
        (counts) => counts.matching,
      );
      this.counts.set(key, counted);
    }
    return counted;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    // A finished count hands its slot to the next waiting one, so no newcomer can slip in between.
    if (this.running < CONCURRENT_COUNTS) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
