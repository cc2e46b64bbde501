import { performance } from 'node:perf_hooks';
import { CONSOLE_FLEET_PAGE_SIZE, postGraphql, type FleetPage } from './fleet-graphql';

/** The pages of one walk through the fleet connection. */
export interface FleetWalk {
  /** Each page's answer time, ms, in order. */
  readonly pageMs: readonly number[];
  /** Wall time of the whole walk, ms. */
  readonly wallMs: number;
  /** Every device id seen, in order. */
  readonly deviceIds: readonly string[];
  /** `totalCount` of the first page. */
  readonly totalCount: number;
}

/**
 * Walks the whole fleet connection page by page over HTTP, as the console's "Next page" does: the
 * console's query, its page size, no filter, each page after the previous page's `endCursor`.
 */
export async function walkFleetPages(url: string, token: string, query: string, filter: Record<string, unknown> = {}): Promise<FleetWalk> {
  const pageMs: number[] = [];
  const deviceIds: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  const started = performance.now();
  for (;;) {
    const page: { data: FleetPage; ms: number } = await postGraphql<FleetPage>(url, query, { first: CONSOLE_FLEET_PAGE_SIZE, after, filter }, token);
    pageMs.push(page.ms);
    if (totalCount < 0) totalCount = page.data.devices.totalCount;
    deviceIds.push(...page.data.devices.edges.map((edge) => edge.node.deviceId));
    if (!page.data.devices.pageInfo.hasNextPage) break;
    after = page.data.devices.pageInfo.endCursor;
  }
  return { pageMs, wallMs: performance.now() - started, deviceIds, totalCount };
}
