import type { CrmConnector, ReadPageRequest, RecordPage, RemovedRecord } from '@fieldsync/connector-api';
import type { Anchor, CrmRecord } from '@fieldsync/model';

/** Everything one read produced, page by page. */
export interface ReadAllResult {
  /** Every record of every page, in order (duplicates kept, so a check can see them). */
  readonly records: readonly CrmRecord[];
  /** Every removal of every page, in order. */
  readonly removed: readonly RemovedRecord[];
  /** The pages as answered. */
  readonly pages: readonly RecordPage[];
  /** The anchor of the last page: the one to read changes from next time. */
  readonly anchor: Anchor;
}

/**
 * Reads pages until `done`, each from the anchor of the one before. Stops with an error after
 * `maxPages` pages, so a connector that never finishes fails instead of hanging.
 */
export async function readAllPages(connector: CrmConnector, request: ReadPageRequest, maxPages = 10_000): Promise<ReadAllResult> {
  const pages: RecordPage[] = [];
  let anchor = request.anchor;
  for (;;) {
    if (pages.length >= maxPages) throw new Error(`${request.entity}: read did not finish within ${maxPages} pages`);
    const page = await connector.readPage({ ...request, anchor });
    pages.push(page);
    anchor = page.nextAnchor;
    if (page.done) break;
  }
  return {
    records: pages.flatMap((page) => page.records),
    removed: pages.flatMap((page) => page.removed),
    pages,
    anchor: anchor as Anchor,
  };
}
