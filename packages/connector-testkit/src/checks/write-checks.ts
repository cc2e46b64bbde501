import { randomUUID } from 'node:crypto';
import type { WriteOperation } from '@fieldsync/connector-api';
import { createConformanceRecordGenerator } from '../conformance-record-generator';
import { expectErrorCode } from '../support/expect-error-code';
import { readAllPages } from '../support/read-all-pages';
import type { ConformanceContext } from './conformance-context';

function createAccounts(count: number, seed: number): WriteOperation[] {
  return createConformanceRecordGenerator(seed)
    .accounts(count)
    .map((fields) => ({ kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields }));
}

/** Write batches: size limit, partial failure, allOrNone, conflicts, idempotency, not-found. */
export function registerWriteChecks(ctx: ConformanceContext): void {
  ctx.check('applies a batch of exactly maxBatchSize operations', async () => {
    const connector = await ctx.connect('alice');
    const size = connector.capabilities.maxBatchSize;
    const results = await connector.writeBatch({ operations: createAccounts(size, 41) });
    expect(results).toHaveLength(size);
    expect(results.filter((result) => result.status !== 'ok')).toEqual([]);
    expect(await ctx.control().countAll('account')).toBe(size);
  });

  ctx.check('refuses a batch one past maxBatchSize with BatchTooLargeError and applies nothing', async () => {
    const connector = await ctx.connect('alice');
    const size = connector.capabilities.maxBatchSize + 1;
    await expectErrorCode(connector.writeBatch({ operations: createAccounts(size, 42) }), 'BATCH_TOO_LARGE');
    expect(await ctx.control().countAll('account')).toBe(0);
  });

  ctx.check('applies the good operations of a batch and reports the bad one as failed with a code and field', async () => {
    const connector = await ctx.connect('alice');
    const [good1, good2] = createAccounts(2, 43);
    const bad: WriteOperation = { kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields: { city: 'Nameless' } };
    const results = await connector.writeBatch({ operations: [good1, bad, good2] });
    expect(results.map((result) => [result.status, result.idempotencyKey])).toEqual([
      ['ok', good1.idempotencyKey],
      ['failed', bad.idempotencyKey],
      ['ok', good2.idempotencyKey],
    ]);
    const failure = results[1];
    if (failure.status !== 'failed') throw new Error('unreachable');
    expect(failure.error.code.length).toBeGreaterThan(0);
    expect(failure.error.field).toBe('name');
    expect(await ctx.control().countAll('account')).toBe(2);
    for (const result of [results[0], results[2]]) {
      if (result.status !== 'ok') throw new Error('unreachable');
      expect(await ctx.control().get('account', result.id)).toBeDefined();
    }
  });

  ctx.check('applies nothing of an allOrNone batch with a bad operation', async () => {
    const connector = await ctx.connect('alice');
    const [good1, good2] = createAccounts(2, 44);
    const bad: WriteOperation = { kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields: { city: 'Nameless' } };
    const results = await connector.writeBatch({ operations: [good1, bad, good2], allOrNone: true });
    expect(results.map((result) => result.status)).toEqual(['failed', 'failed', 'failed']);
    const [first, failure] = results;
    if (first.status !== 'failed' || failure.status !== 'failed') throw new Error('unreachable');
    expect(failure.error.field).toBe('name');
    expect(first.error.retryable).toBe(true);
    expect(await ctx.control().countAll('account')).toBe(0);
  });

  ctx.check('answers a stale base version with a conflict carrying the server record, and writes nothing', async () => {
    const [id] = await ctx.control().seed('account', createConformanceRecordGenerator(45).accounts(1));
    const connector = await ctx.connect('alice');
    const [seen] = (await readAllPages(connector, { entity: 'account', pageSize: 10 })).records;
    await ctx.control().update('account', id, { name: 'Server side' });
    const [result] = await connector.writeBatch({
      operations: [{ kind: 'update', entity: 'account', id, idempotencyKey: randomUUID(), fields: { name: 'Client side' }, baseVersion: seen.version }],
    });
    expect(result.status).toBe('conflict');
    if (result.status !== 'conflict') throw new Error('unreachable');
    expect(result.serverRecord.id).toBe(id);
    expect(result.serverRecord.fields.name).toBe('Server side');
    expect(result.serverRecord.version).not.toBe(seen.version);
    expect((await ctx.control().get('account', id))?.name).toBe('Server side');
  });

  ctx.check('does not duplicate a create repeated with the same idempotency key', async () => {
    const connector = await ctx.connect('alice');
    const operations = createAccounts(1, 46);
    const [first] = await connector.writeBatch({ operations });
    const [again] = await connector.writeBatch({ operations });
    expect(first).toMatchObject({ status: 'ok', replayed: false });
    expect(again).toMatchObject({ status: 'ok', replayed: true });
    if (first.status !== 'ok' || again.status !== 'ok') throw new Error('unreachable');
    expect(again.id).toBe(first.id);
    expect(await ctx.control().countAll('account')).toBe(1);
  });

  ctx.check('answers not-found for an update or delete of a record the server deleted meanwhile', async () => {
    const ids = await ctx.control().seed('account', createConformanceRecordGenerator(47).accounts(2));
    const connector = await ctx.connect('alice');
    const seen = (await readAllPages(connector, { entity: 'account', pageSize: 10 })).records.find((record) => record.id === ids[0]);
    for (const id of ids) await ctx.control().remove('account', id);
    const results = await connector.writeBatch({
      operations: [
        { kind: 'update', entity: 'account', id: ids[0], idempotencyKey: randomUUID(), fields: { city: 'Gone' }, baseVersion: seen?.version },
        { kind: 'delete', entity: 'account', id: ids[1], idempotencyKey: randomUUID() },
      ],
    });
    expect(results.map((result) => [result.status, result.id])).toEqual([
      ['not-found', ids[0]],
      ['not-found', ids[1]],
    ]);
  });

  ctx.check(
    'keeps the id a client assigned on create',
    async () => {
      const connector = await ctx.connect('alice');
      const id = randomUUID();
      const [result] = await connector.writeBatch({
        operations: [{ kind: 'create', entity: 'account', id, idempotencyKey: randomUUID(), fields: { name: 'Chosen id' } }],
      });
      expect(result).toMatchObject({ status: 'ok', id });
      expect((await ctx.control().get('account', id))?.name).toBe('Chosen id');
    },
    { requires: 'clientAssignedIds' },
  );
}
