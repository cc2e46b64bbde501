import type { DocumentChanges } from '@fieldsync/connector-api';
import type { DocumentsContext } from '../documents-harness';
import { OTHER_RECORD, SAMPLE_RECORD, sampleBytes } from '../document-samples';

function asChanges(outcome: unknown): DocumentChanges {
  expect(outcome).toMatchObject({ kind: 'changes' });
  return outcome as DocumentChanges;
}

/** Change cursors: a first full read, then only what changed (adds, edits, deletes), and a resync when the cursor is refused. */
export function registerChangeChecks({ harness, check }: DocumentsContext): void {
  check('changes from no cursor lists everything; from its cursor only what changed since', async () => {
    const { connector } = harness();
    await connector.ensureRecordFolder(SAMPLE_RECORD);
    await connector.ensureRecordFolder(OTHER_RECORD);
    await harness().putFile(SAMPLE_RECORD, 'a.txt', sampleBytes(10));
    await harness().putFile(SAMPLE_RECORD, 'b.txt', sampleBytes(20));
    const first = asChanges(await connector.changes(SAMPLE_RECORD, undefined));
    expect(first.changed.map((item) => item.path).sort()).toEqual(['a.txt', 'b.txt']);

    const quiet = asChanges(await connector.changes(SAMPLE_RECORD, first.cursor));
    expect(quiet.changed).toEqual([]);
    expect(quiet.deletedIds).toEqual([]);

    await harness().putFile(SAMPLE_RECORD, 'a.txt', sampleBytes(11, 3));
    await harness().putFile(SAMPLE_RECORD, 'sub/c.txt', sampleBytes(5));
    await harness().putFile(OTHER_RECORD, 'not-mine.txt', sampleBytes(5));
    await harness().deleteFile(SAMPLE_RECORD, 'b.txt');
    const next = asChanges(await connector.changes(SAMPLE_RECORD, quiet.cursor));
    expect(next.changed.map((item) => item.path).sort()).toEqual(['a.txt', 'sub', 'sub/c.txt']);
    expect(next.changed.find((item) => item.path === 'a.txt')?.size).toBe(11);
    const bId = first.changed.find((item) => item.path === 'b.txt')?.id;
    expect(next.deletedIds).toEqual([bId]);
  });

  check('a refused cursor answers ResyncRequired with a full listing and a fresh cursor', async () => {
    const { connector } = harness();
    await connector.ensureRecordFolder(SAMPLE_RECORD);
    await harness().putFile(SAMPLE_RECORD, 'a.txt', sampleBytes(10));
    const first = asChanges(await connector.changes(SAMPLE_RECORD, undefined));
    await harness().putFile(SAMPLE_RECORD, 'b.txt', sampleBytes(10));
    harness().invalidateCursors();
    const outcome = await connector.changes(SAMPLE_RECORD, first.cursor);
    expect(outcome.kind).toBe('resync-required');
    if (outcome.kind !== 'resync-required') return;
    expect(outcome.items.map((item) => item.path).sort()).toEqual(['a.txt', 'b.txt']);
    const after = asChanges(await connector.changes(SAMPLE_RECORD, outcome.cursor));
    expect(after.changed).toEqual([]);
  });

  check('a throttled call waits out its Retry-After on the clock and then succeeds', async () => {
    const { connector } = harness();
    await connector.ensureRecordFolder(SAMPLE_RECORD);
    await harness().putFile(SAMPLE_RECORD, 'a.txt', sampleBytes(10));
    harness().clock.resetWaits();
    harness().throttle(2, 7);
    const listing = await connector.listFolder(SAMPLE_RECORD);
    expect(listing.items.map((item) => item.path)).toEqual(['a.txt']);
    expect(harness().clock.waits()).toEqual([7000, 7000]);
  });
}
