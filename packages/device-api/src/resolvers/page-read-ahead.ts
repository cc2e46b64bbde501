import type { ReadPageRequest, RecordPage } from '@fieldsync/connector-api';

/** How many pages a bridge keeps read ahead at once, across all devices. */
const MAX_PAGES = 200;
/** A page read ahead and not asked for within this long is dropped. */
const TTL_MS = 30_000;

/**
 * Reads the next page of a paged read while the device is still busy with the current one, so the
 * CRM read of page n+1 overlaps the transfer and the device's write of page n. Pages are kept per
 * user and exact request (entity, anchor, fields, filter, page size), at most {@link MAX_PAGES}
 * for {@link TTL_MS}; a read ahead that failed is done again when asked for.
 */
export class PageReadAhead {
  readonly #pages = new Map<string, { readonly page: Promise<RecordPage>; readonly at: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Answers the page for `request`: the one read ahead when there is one, else a fresh read. */
  async read(userId: string, request: ReadPageRequest, readPage: (request: ReadPageRequest) => Promise<RecordPage>): Promise<RecordPage> {
    const key = keyOf(userId, request);
    const ahead = this.#pages.get(key);
    this.#pages.delete(key);
    const page = ahead && this.#now() - ahead.at < TTL_MS ? await ahead.page.catch(() => readPage(request)) : await readPage(request);
    if (!page.done) this.#start(keyOf(userId, { ...request, anchor: page.nextAnchor }), () => readPage({ ...request, anchor: page.nextAnchor }));
    return page;
  }

  /** Pages held now (for tests and health). */
  get size(): number {
    return this.#pages.size;
  }

  #start(key: string, read: () => Promise<RecordPage>): void {
    const now = this.#now();
    for (const [old, entry] of this.#pages) {
      if (this.#pages.size < MAX_PAGES && now - entry.at < TTL_MS) break;
      this.#pages.delete(old);
    }
    const page = read();
    page.catch(() => undefined);
    this.#pages.set(key, { page, at: now });
  }
}

function keyOf(userId: string, request: ReadPageRequest): string {
  return JSON.stringify([userId, request.entity, request.anchor ?? null, request.fields ?? null, request.filter ?? null, request.pageSize]);
}
