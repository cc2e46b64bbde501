import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CrmConnector, WriteOperation } from '@fieldsync/connector-api';
import type { Anchor } from '@fieldsync/model';

/** Reads every account through a connector in pages of `pageSize`; answers the count and the seconds. */
export async function readAccountsThroughConnector(connector: CrmConnector, pageSize: number): Promise<{ records: number; seconds: number }> {
  const started = performance.now();
  let records = 0;
  let anchor: Anchor | undefined;
  for (;;) {
    const page = await connector.readPage({ entity: 'account', pageSize, ...(anchor ? { anchor } : {}) });
    records += page.records.length;
    if (page.done) break;
    anchor = page.nextAnchor;
  }
  return { records, seconds: (performance.now() - started) / 1000 };
}

/**
 * Creates `count` accounts through a connector in batches of `batchSize` (with client ids when
 * `clientIds`); throws on any failed create. Answers the seconds taken.
 */
export async function createAccountsThroughConnector(connector: CrmConnector, count: number, batchSize: number, clientIds: boolean): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < count; done += batchSize) {
    const operations: WriteOperation[] = Array.from({ length: Math.min(batchSize, count - done) }, (_, n) => ({
      kind: 'create',
      entity: 'account',
      ...(clientIds ? { id: randomUUID() } : {}),
      idempotencyKey: randomUUID(),
      fields: { name: `Bench create ${done + n}` },
    }));
    const results = await connector.writeBatch({ operations });
    const failed = results.filter((result) => result.status !== 'ok');
    if (failed.length > 0) throw new Error(`${failed.length} creates failed: ${JSON.stringify(failed[0])}`);
  }
  return (performance.now() - started) / 1000;
}
