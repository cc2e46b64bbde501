import { RateLimitedError, TransientError } from '@fieldsync/connector-api';
import { ManualClock } from '@fieldsync/model';
import { withRateLimitRetries } from './with-rate-limit-retries';

describe('withRateLimitRetries', () => {
  it('waits each Retry-After on its clock, then answers what the next attempt answers', async () => {
    const clock = new ManualClock(0);
    const attempts: number[] = [];
    const running = withRateLimitRetries(
      'whoAmI',
      { maxRateLimitRetries: 3, maxRetryAfterMs: 1_000 },
      async () => {
        attempts.push(clock.now());
        if (attempts.length < 3) throw new RateLimitedError(50);
        return 'ok';
      },
      clock,
    );
    await clock.whenSleeping();
    expect(attempts).toEqual([0]);
    clock.advance(50);
    await clock.whenSleeping();
    expect(attempts).toEqual([0, 50]);
    clock.advance(50);
    expect(await running).toBe('ok');
    expect(attempts).toEqual([0, 50, 100]);
    expect(clock.sleeps).toEqual([50, 50]);
  });

  it('gives up with RateLimitedError after maxRateLimitRetries retries', async () => {
    const clock = new ManualClock(0);
    let attempts = 0;
    const running = withRateLimitRetries(
      'readPage',
      { maxRateLimitRetries: 2, maxRetryAfterMs: 1_000 },
      async () => {
        attempts++;
        throw new RateLimitedError(10);
      },
      clock,
    ).catch((caught: unknown) => caught);
    for (let n = 0; n < 2; n++) {
      await clock.whenSleeping();
      clock.advance(10);
    }
    const error = await running;
    expect(attempts).toBe(3);
    expect(clock.sleeps).toEqual([10, 10]);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 10, message: 'readPage: still rate limited after 2 retries; retry after 10 ms' });
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs', async () => {
    const clock = new ManualClock(0);
    let attempts = 0;
    const error = await withRateLimitRetries(
      'whoAmI',
      { maxRateLimitRetries: 3, maxRetryAfterMs: 1_000 },
      async () => {
        attempts++;
        throw new RateLimitedError(120_000);
      },
      clock,
    ).catch((caught: unknown) => caught);
    expect(attempts).toBe(1);
    expect(error).toMatchObject({ retryAfterMs: 120_000 });
    expect(clock.sleeps).toEqual([]);
  });

  it('passes any other error at once', async () => {
    const clock = new ManualClock(0);
    let attempts = 0;
    const error = await withRateLimitRetries(
      'whoAmI',
      { maxRateLimitRetries: 3, maxRetryAfterMs: 1_000 },
      async () => {
        attempts++;
        throw new TransientError('dropped');
      },
      clock,
    ).catch((caught: unknown) => caught);
    expect(attempts).toBe(1);
    expect(error).toBeInstanceOf(TransientError);
    expect(clock.sleeps).toEqual([]);
  });
});
