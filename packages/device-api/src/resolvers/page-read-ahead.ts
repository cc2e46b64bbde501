import type { ReadPageRequest, RecordPage } from '@fieldsync/connector-api';

/** Options of {@link PageReadAhead}. */
export interface PageReadAheadOptions {
  /** Most pages kept read ahead at once, across all devices. @default 200 */
  readonly maxPages?: number;
  /**
   * Most bytes of pages kept read ahead at once, across all devices (a page's size is its JSON text, estimated from a few records,
   * as it will be sent). @default 33554432 (32 MiB)
   */
  readonly maxBytes?: number;
  /** A page read ahead and not asked for within this long is dropped, ms. @default 30000 */
  readonly ttlMs?: number;
}

interface HeldPage {
  readonly page: Promise<RecordPage>;
  readonly at: number;
  /** Size once read; 0 while the read is under way. */
  bytes: number;
}

/**
 * A page's size as JSON text, estimated from at most three of its records (first, middle, last) and
 * the rest of the page: stringifying every page whole here, besides the answer's own stringify, took
 * 4 % of the bridge's CPU in a full sync (`bridge-full-sync` profile). Exact for pages of up to three records.
 */
function pageBytes(page: RecordPage): number {
  const { records } = page;
  const sample = records.length <= 3 ? records : [records[0], records[records.length >> 1], records[records.length - 1]];
  const sampled = sample.reduce((sum, record) => sum + Buffer.byteLength(JSON.stringify(record), 'utf8') + 1, 0);
  const perRecord = sample.length === 0 ? 0 : sampled / sample.length;
  return Math.ceil(perRecord * records.length) + Buffer.byteLength(JSON.stringify({ ...page, records: [] }), 'utf8');
}

/**
 * Reads the next page of a paged read while the device is still busy with the current one, so the
 * CRM read of page n+1 overlaps the transfer and the device's write of page n. Pages are kept per
 * user and exact request (entity, anchor, fields, filter, page size), bounded by count
 * (`maxPages`), by bytes (`maxBytes`: the oldest read pages go first, and a page larger than the
 * bound is not kept) and by age (`ttlMs`); a read ahead that failed or was dropped is done again when
 * asked for.
 */
export class PageReadAhead {
  readonly #pages = new Map<string, HeldPage>();
  readonly #now: () => number;
  #bytes = 0;
  /** The most pages kept at once. */
  readonly maxPages: number;
  /** The most bytes of pages kept at once. */
  readonly maxBytes: number;
  /** How long a page read ahead is kept, ms. */
  readonly ttlMs: number;

  constructor(now: () => number = Date.now, options: PageReadAheadOptions = {}) {
    this.#now = now;
    this.maxPages = options.maxPages ?? 200;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.ttlMs = options.ttlMs ?? 30_000;
  }

  /** Answers the page for `request`: the one read ahead when there is one, else a fresh read. */
  async read(userId: string, request: ReadPageRequest, readPage: (request: ReadPageRequest) => Promise<RecordPage>): Promise<RecordPage> {
    const key = keyOf(userId, request);
    const ahead = this.#pages.get(key);
    this.#remove(key);
    const page = ahead && this.#now() - ahead.at < this.ttlMs ? await ahead.page.catch(() => readPage(request)) : await readPage(request);
    if (!page.done) this.#start(keyOf(userId, { ...request, anchor: page.nextAnchor }), () => readPage({ ...request, anchor: page.nextAnchor }));
    return page;
  }

  /** Pages held now (for tests and health). */
  get size(): number {
    return this.#pages.size;
  }

  /** Bytes of the pages held now that have been read (for tests and health). */
  get bytes(): number {
    return this.#bytes;
  }

  #remove(key: string): void {
    const held = this.#pages.get(key);
    if (!held) return;
    this.#pages.delete(key);
    this.#bytes -= held.bytes;
  }

  #start(key: string, read: () => Promise<RecordPage>): void {
    const now = this.#now();
    this.#remove(key);
    for (const [old, entry] of this.#pages) {
      if (this.#pages.size < this.maxPages && now - entry.at < this.ttlMs) break;
      this.#remove(old);
    }
    const held: HeldPage = { page: read(), at: now, bytes: 0 };
    this.#pages.set(key, held);
    held.page.then(
      (page) => {
        if (this.#pages.get(key) !== held) return;
        held.bytes = pageBytes(page);
        this.#bytes += held.bytes;
        this.#trimToBytes();
      },
      () => undefined,
    );
  }

  /** Drops read pages, oldest first, until the held bytes fit; reads under way hold nothing yet and stay. */
  #trimToBytes(): void {
    for (const [old, entry] of this.#pages) {
      if (this.#bytes <= this.maxBytes) return;
      if (entry.bytes > 0) this.#remove(old);
    }
  }
}

function keyOf(userId: string, request: ReadPageRequest): string {
  return JSON.stringify([userId, request.entity, request.anchor ?? null, request.fields ?? null, request.filter ?? null, request.pageSize]);
}
