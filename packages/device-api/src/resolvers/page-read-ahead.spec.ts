import type { ReadPageRequest, RecordPage } from '@fieldsync/connector-api';
import { toAnchor } from '@fieldsync/model';
import { PageReadAhead } from './page-read-ahead';

/** A paged source of three pages whose reads are counted, as a connector would serve them. */
function pagedSource() {
  const reads: string[] = [];
  let failAt: number | undefined;
  const readPage = async (request: ReadPageRequest): Promise<RecordPage> => {
    const at = Number(request.anchor ?? '0');
    reads.push(`${request.entity}@${at}`);
    if (failAt === at) {
      failAt = undefined;
      throw new Error('connection reset');
    }
    return { records: [{ entity: request.entity, id: `r${at}`, fields: {} }], removed: [], nextAnchor: toAnchor(String(at + 1)), done: at + 1 >= 3 };
  };
  return { reads, readPage, failOnceAt: (anchor: number) => void (failAt = anchor) };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('PageReadAhead', () => {
  it('reads the next page ahead and serves it from there, once, and stops at the last page', async () => {
    const source = pagedSource();
    const ahead = new PageReadAhead();
    const first = await ahead.read('u1', { entity: 'account', pageSize: 1 }, source.readPage);
    await settle();
    expect(source.reads).toEqual(['account@0', 'account@1']);
    const second = await ahead.read('u1', { entity: 'account', pageSize: 1, anchor: first.nextAnchor }, source.readPage);
    expect(second.records[0].id).toBe('r1');
    await settle();
    const third = await ahead.read('u1', { entity: 'account', pageSize: 1, anchor: second.nextAnchor }, source.readPage);
    expect(third.done).toBe(true);
    expect(source.reads).toEqual(['account@0', 'account@1', 'account@2']);
    expect(ahead.size).toBe(0);
  });

  it('never serves one user a page read ahead for another, and reads again when the read ahead failed or grew stale', async () => {
    const source = pagedSource();
    let now = 0;
    const ahead = new PageReadAhead(() => now);
    const first = await ahead.read('u1', { entity: 'account', pageSize: 1 }, source.readPage);
    await settle();
    await ahead.read('u2', { entity: 'account', pageSize: 1, anchor: first.nextAnchor }, source.readPage);
    expect(source.reads.filter((read) => read === 'account@1')).toHaveLength(2);

    // The read ahead of page 1 fails; asked for, page 1 is read again.
    source.failOnceAt(1);
    const again = await ahead.read('u3', { entity: 'contact', pageSize: 1 }, source.readPage);
    await settle();
    const retried = await ahead.read('u3', { entity: 'contact', pageSize: 1, anchor: again.nextAnchor }, source.readPage);
    expect(retried.records[0].id).toBe('r1');

    const stale = await ahead.read('u4', { entity: 'task', pageSize: 1 }, source.readPage);
    await settle();
    now += 31_000;
    const count = source.reads.length;
    await ahead.read('u4', { entity: 'task', pageSize: 1, anchor: stale.nextAnchor }, source.readPage);
    expect(source.reads.length).toBe(count + 2);
  });

  it('keeps at most maxBytes of pages read ahead: the oldest go first, and a page larger than the bound is not kept', async () => {
    // Each page holds one record of about 1 MiB.
    const big = 'x'.repeat(1024 * 1024);
    const reads: string[] = [];
    const readPage = async (request: ReadPageRequest): Promise<RecordPage> => {
      const at = Number(request.anchor ?? '0');
      reads.push(`${request.entity}@${at}`);
      return { records: [{ entity: request.entity, id: `r${at}`, fields: { big } }], removed: [], nextAnchor: toAnchor(String(at + 1)), done: false };
    };
    const ahead = new PageReadAhead(Date.now, { maxBytes: 3.5 * 1024 * 1024 });
    const firsts = [];
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5']) {
      firsts.push(await ahead.read(user, { entity: 'account', pageSize: 1 }, readPage));
      await settle();
    }
    // Five pages of 1 MiB were read ahead; only the three newest fit in 3.5 MiB.
    expect(ahead.size).toBe(3);
    expect(ahead.bytes).toBeGreaterThan(3 * 1024 * 1024);
    expect(ahead.bytes).toBeLessThanOrEqual(3.5 * 1024 * 1024);
    const count = reads.length;
    await ahead.read('u1', { entity: 'account', pageSize: 1, anchor: firsts[0].nextAnchor }, readPage);
    expect(reads.length).toBe(count + 2); // dropped: read again (and the next one ahead)
    await ahead.read('u5', { entity: 'account', pageSize: 1, anchor: firsts[4].nextAnchor }, readPage);
    expect(reads.length).toBe(count + 3); // kept: served from memory (only the next one is read ahead)

    const tiny = new PageReadAhead(Date.now, { maxBytes: 1024 });
    await tiny.read('u1', { entity: 'account', pageSize: 1 }, readPage);
    await settle();
    expect(tiny.size).toBe(0);
    expect(tiny.bytes).toBe(0);
  });

  it('counts a page of many records at about its JSON text, from a few of them', async () => {
    const records = Array.from({ length: 500 }, (_, index) => ({
      entity: 'account',
      id: `a${index}`,
      version: String(index),
      fields: { name: `Account ${index}`, city: 'x'.repeat(index % 40) },
    }));
    const page: RecordPage = { records, removed: [{ id: 'gone', reason: 'deleted' }], nextAnchor: toAnchor('500'), done: false };
    const ahead = new PageReadAhead(Date.now);
    await ahead.read('u1', { entity: 'account', pageSize: 500 }, async () => page);
    await settle();
    const exact = Buffer.byteLength(JSON.stringify(page), 'utf8');
    expect(ahead.bytes).toBeGreaterThan(exact * 0.9);
    expect(ahead.bytes).toBeLessThan(exact * 1.1);
  });

  it('bounds pages read ahead to 32 MiB by default', () => {
    expect(new PageReadAhead().maxBytes).toBe(32 * 1024 * 1024);
  });
});
