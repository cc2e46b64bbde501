import { randomUUID } from 'node:crypto';
import type { CrmConnector, WriteBatch, WriteResult } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import { createConformanceRecordGenerator } from '../conformance-record-generator';
import { expectErrorCode } from '../support/expect-error-code';
import { readAllPages } from '../support/read-all-pages';
import type { ConformanceContext } from './conformance-context';

/**
 * Writes a batch whose answer the backend loses, then sends the same batch again, as a caller
 * retrying a TransientError does. Answers the result of the retry.
 */
async function writeLosingFirstResponse(ctx: ConformanceContext, connector: CrmConnector, batch: WriteBatch): Promise<WriteResult[]> {
  await ctx.control().injectFault({ kind: 'lose-response' });
  try {
    await connector.writeBatch(batch);
  } catch (error) {
    // A connector may also retry by itself; if it throws, it must be a retryable transient error.
    expect(FieldsyncError.is(error, 'TRANSIENT')).toBe(true);
  }
  return connector.writeBatch(batch);
}

/** Faults: lost responses, rate limits, expired sessions, server errors. */
export function registerResilienceChecks(ctx: ConformanceContext): void {
  ctx.check('retries a create whose response was lost without duplicating the record', async () => {
    const connector = await ctx.connect('alice');
    const [fields] = createConformanceRecordGenerator(51).accounts(1);
    const batch: WriteBatch = { operations: [{ kind: 'create', entity: 'account', idempotencyKey: randomUUID(), fields }] };
    const [result] = await writeLosingFirstResponse(ctx, connector, batch);
    expect(result.status).toBe('ok');
    expect(await ctx.control().countAll('account')).toBe(1);
  });

  ctx.check('retries an update with a base version whose response was lost without conflicting with itself', async () => {
    const [id] = await ctx.control().seed('account', createConformanceRecordGenerator(52).accounts(1));
    const connector = await ctx.connect('alice');
    const [seen] = (await readAllPages(connector, { entity: 'account', pageSize: 10 })).records;
    const batch: WriteBatch = {
      operations: [{ kind: 'update', entity: 'account', id, idempotencyKey: randomUUID(), fields: { city: 'Retried' }, baseVersion: seen.version }],
    };
    const [result] = await writeLosingFirstResponse(ctx, connector, batch);
    expect(result).toMatchObject({ status: 'ok', id });
    expect((await ctx.control().get('account', id))?.city).toBe('Retried');
  });

  ctx.check('retries a delete whose response was lost without answering not-found', async () => {
    const [id] = await ctx.control().seed('account', createConformanceRecordGenerator(53).accounts(1));
    const connector = await ctx.connect('alice');
    const [seen] = (await readAllPages(connector, { entity: 'account', pageSize: 10 })).records;
    const batch: WriteBatch = {
      operations: [{ kind: 'delete', entity: 'account', id, idempotencyKey: randomUUID(), baseVersion: seen.version }],
    };
    const [result] = await writeLosingFirstResponse(ctx, connector, batch);
    expect(result).toMatchObject({ status: 'ok', id });
    expect(await ctx.control().get('account', id)).toBeUndefined();
  });

  ctx.check('honours Retry-After when rate limited, then succeeds', async () => {
    const connector = await ctx.connect('alice');
    await ctx.control().resetCounters();
    await ctx.control().injectFault({ kind: 'rate-limit', retryAfterMs: 2_000, times: 1 });
    const me = await connector.whoAmI();
    expect(me.userId).toBe(ctx.control().userIds.alice);
    const { calls, waits } = await ctx.control().counters();
    // The first call after the fault was refused; the next one is the retry, after waiting (on the
    // harness's clock, not the wall clock) exactly the Retry-After it was given.
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(waits).toEqual([2_000]);
  });

  ctx.check('surfaces persistent rate limiting as RateLimitedError with retryAfterMs', async () => {
    const connector = await ctx.connect('alice');
    await ctx.control().injectFault({ kind: 'rate-limit', retryAfterMs: 20, times: 1_000 });
    const error = await expectErrorCode(connector.whoAmI(), 'RATE_LIMITED');
    expect(error.retryAfterMs ?? (error.details as Record<string, unknown> | undefined)?.retryAfterMs).toBeGreaterThan(0);
  });

  ctx.check('refreshes an expired session once and succeeds', async () => {
    await ctx.control().seed('account', createConformanceRecordGenerator(54).accounts(3));
    const connector = await ctx.connect('alice');
    await ctx.control().resetCounters();
    await ctx.control().injectFault({ kind: 'expire-session' });
    const page = await connector.readPage({ entity: 'account', pageSize: 10 });
    expect(page.records).toHaveLength(3);
    expect((await ctx.control().counters()).sessionRefreshes).toBe(1);
  });

  ctx.check('gives up with AuthExpiredError after exactly one refused refresh instead of looping', async () => {
    const connector = await ctx.connect('alice');
    await ctx.control().resetCounters();
    await ctx.control().injectFault({ kind: 'expire-session', refusals: 'always' });
    await expectErrorCode(connector.readPage({ entity: 'account', pageSize: 10 }), 'AUTH_EXPIRED');
    expect((await ctx.control().counters()).sessionRefreshes).toBe(1);
  });

  ctx.check('surfaces a server error as TransientError (or retries it) and works on the next call', async () => {
    const connector = await ctx.connect('alice');
    await ctx.control().injectFault({ kind: 'server-error', times: 1 });
    try {
      await connector.whoAmI();
    } catch (error) {
      expect(FieldsyncError.is(error, 'TRANSIENT')).toBe(true);
    }
    await expect(connector.whoAmI()).resolves.toMatchObject({ userId: ctx.control().userIds.alice });
  });
}
