import { RateLimitedError, TransientError } from '@fieldsync/connector-api';
import { withRateLimitRetries } from './with-rate-limit-retries';

describe('withRateLimitRetries', () => {
  it('waits at least each Retry-After, then answers what the next attempt answers', async () => {
    const attempts: number[] = [];
    const answer = await withRateLimitRetries('whoAmI', { maxRateLimitRetries: 3, maxRetryAfterMs: 1_000 }, async () => {
      attempts.push(Date.now());
      if (attempts.length < 3) throw new RateLimitedError(50);
      return 'ok';
    });
    expect(answer).toBe('ok');
    expect(attempts).toHaveLength(3);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(50);
    expect(attempts[2] - attempts[1]).toBeGreaterThanOrEqual(50);
  });

  it('gives up with RateLimitedError after maxRateLimitRetries retries', async () => {
    let attempts = 0;
    const error = await withRateLimitRetries('readPage', { maxRateLimitRetries: 2, maxRetryAfterMs: 1_000 }, async () => {
      attempts++;
      throw new RateLimitedError(10);
    }).catch((caught: unknown) => caught);
    expect(attempts).toBe(3);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 10, message: 'readPage: still rate limited after 2 retries; retry after 10 ms' });
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs', async () => {
    let attempts = 0;
    const started = Date.now();
    const error = await withRateLimitRetries('whoAmI', { maxRateLimitRetries: 3, maxRetryAfterMs: 1_000 }, async () => {
      attempts++;
      throw new RateLimitedError(120_000);
    }).catch((caught: unknown) => caught);
    expect(attempts).toBe(1);
    expect(error).toMatchObject({ retryAfterMs: 120_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('passes any other error at once', async () => {
    let attempts = 0;
    const error = await withRateLimitRetries('whoAmI', { maxRateLimitRetries: 3, maxRetryAfterMs: 1_000 }, async () => {
      attempts++;
      throw new TransientError('dropped');
    }).catch((caught: unknown) => caught);
    expect(attempts).toBe(1);
    expect(error).toBeInstanceOf(TransientError);
  });
});
