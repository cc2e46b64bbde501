import { ManualClock } from '@fieldsync/model';
import { AuthExpiredError, RateLimitedError, TransientError } from '../errors/connector-errors';
import { ConnectorCallPolicy } from './connector-call-policy';
import { failureClassifier, type FailureClassifier } from './failure-classifier';

/** A backend's raw failure, as a connector would see it before mapping it. */
class WireFailure extends Error {
  constructor(
    readonly status: number | undefined,
    readonly retryAfterMs?: number,
  ) {
    super(status === undefined ? 'connection reset' : `HTTP ${status}`);
  }
}

const classifier: FailureClassifier = failureClassifier((error) => (error instanceof WireFailure ? error : undefined), {
  isSessionExpired: (failure) => failure.status === 401,
  throttleDelayMs: (failure) => (failure.status === 429 ? (failure.retryAfterMs ?? 1_000) : undefined),
  isTransient: (failure) => failure.status === undefined || failure.status >= 500,
});

/** Answers each attempt with the next of `outcomes` (an Error is thrown), counting the attempts. */
function scripted(outcomes: readonly (string | Error)[]): { attempt: () => Promise<string>; readonly attempts: number } {
  let attempts = 0;
  return {
    attempt: async () => {
      const outcome = outcomes[Math.min(attempts, outcomes.length - 1)];
      attempts++;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    get attempts() {
      return attempts;
    },
  };
}

describe('ConnectorCallPolicy', () => {
  it('refreshes an expired session once and answers what the next attempt answers', async () => {
    const clock = new ManualClock(0);
    const policy = new ConnectorCallPolicy({ classifier, clock });
    const backend = scripted([new WireFailure(401), 'ok']);
    let refreshes = 0;
    const answer = await policy.run({ operation: 'whoAmI', refreshSession: async () => refreshes++ }, backend.attempt);
    expect(answer).toBe('ok');
    expect(refreshes).toBe(1);
    expect(backend.attempts).toBe(2);
    expect(clock.sleeps).toEqual([]);
  });

  it('gives up with AuthExpiredError when the refreshed session is refused too, after exactly one refresh', async () => {
    const policy = new ConnectorCallPolicy({ classifier, clock: new ManualClock(0) });
    const backend = scripted([new WireFailure(401)]);
    let refreshes = 0;
    const error = await policy.run({ operation: 'readPage', refreshSession: async () => refreshes++ }, backend.attempt).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error).toMatchObject({ code: 'AUTH_EXPIRED', message: 'readPage: the refreshed session was refused too: HTTP 401' });
    expect(refreshes).toBe(1);
    expect(backend.attempts).toBe(2);
  });

  it('does not refresh again when the session was renewed ahead for this call', async () => {
    const policy = new ConnectorCallPolicy({ classifier, clock: new ManualClock(0) });
    const backend = scripted([new WireFailure(401)]);
    let refreshes = 0;
    const error = await policy
      .run({ operation: 'whoAmI', sessionRenewed: true, refreshSession: async () => refreshes++ }, backend.attempt)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AUTH_EXPIRED' });
    expect(refreshes).toBe(0);
    expect(backend.attempts).toBe(1);
  });

  it('passes a refusal as it is when the call has no session to refresh (sign-in itself)', async () => {
    const policy = new ConnectorCallPolicy({ classifier, clock: new ManualClock(0) });
    const refusal = new WireFailure(401);
    await expect(policy.run({ operation: 'signIn' }, scripted([refusal]).attempt)).rejects.toBe(refusal);
  });

  it('passes the failure of the refresh itself as it is, without another attempt', async () => {
    const policy = new ConnectorCallPolicy({ classifier, clock: new ManualClock(0) });
    const backend = scripted([new WireFailure(401), 'ok']);
    const refused = new AuthExpiredError('the refresh token was revoked');
    const error = await policy.run({ operation: 'whoAmI', refreshSession: () => Promise.reject(refused) }, backend.attempt).catch((caught: unknown) => caught);
    expect(error).toBe(refused);
    expect(backend.attempts).toBe(1);
  });

  it('waits each Retry-After on the clock, then answers what the next attempt answers', async () => {
    const clock = new ManualClock(0);
    const policy = new ConnectorCallPolicy({ classifier, clock });
    const attemptsAt: number[] = [];
    const backend = scripted([new WireFailure(429, 50), new WireFailure(429, 70), 'ok']);
    const running = policy.run({ operation: 'whoAmI' }, () => {
      attemptsAt.push(clock.now());
      return backend.attempt();
    });
    await clock.whenSleeping();
    expect(attemptsAt).toEqual([0]);
    clock.advance(50);
    await clock.whenSleeping();
    expect(attemptsAt).toEqual([0, 50]);
    clock.advance(70);
    expect(await running).toBe('ok');
    expect(attemptsAt).toEqual([0, 50, 120]);
    expect(clock.sleeps).toEqual([50, 70]);
  });

  it('honours Retry-After maxRateLimitRetries times, then throws RateLimitedError with the last Retry-After', async () => {
    const clock = new ManualClock(0, { spendDelaysAtOnce: true });
    const policy = new ConnectorCallPolicy({ classifier, clock, limits: { maxRateLimitRetries: 2 } });
    const backend = scripted([new WireFailure(429, 10)]);
    const error = await policy.run({ operation: 'readPage', idempotent: true }, backend.attempt).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 10, message: 'readPage: still rate limited after 2 retries; retry after 10 ms' });
    expect(backend.attempts).toBe(3);
    expect(clock.sleeps).toEqual([10, 10]);
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs', async () => {
    const clock = new ManualClock(0, { spendDelaysAtOnce: true });
    const policy = new ConnectorCallPolicy({ classifier, clock, limits: { maxRetryAfterMs: 1_000 } });
    const backend = scripted([new WireFailure(429, 120_000)]);
    const error = await policy.run({ operation: 'whoAmI' }, backend.attempt).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 120_000 });
    expect(backend.attempts).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('sends an idempotent call again after a transient failure, with a growing back-off, a bounded number of times', async () => {
    const clock = new ManualClock(0, { spendDelaysAtOnce: true });
    const policy = new ConnectorCallPolicy({ classifier, clock, limits: { maxTransientRetries: 2 } });
    const dropped = new WireFailure(undefined);
    const backend = scripted([dropped, new WireFailure(502), dropped]);
    await expect(policy.run({ operation: 'readPage', idempotent: true }, backend.attempt)).rejects.toBe(dropped);
    expect(backend.attempts).toBe(3);
    expect(clock.sleeps).toEqual([200, 400]);
  });

  it('never sends a call that is not idempotent again after a transient failure', async () => {
    const clock = new ManualClock(0, { spendDelaysAtOnce: true });
    const policy = new ConnectorCallPolicy({ classifier, clock, limits: { maxTransientRetries: 2 } });
    const dropped = new WireFailure(undefined);
    const backend = scripted([dropped, 'ok']);
    await expect(policy.run({ operation: 'writeBatch' }, backend.attempt)).rejects.toBe(dropped);
    await expect(policy.run({ operation: 'writeBatch', idempotent: false }, backend.attempt)).resolves.toBe('ok');
    expect(backend.attempts).toBe(2);
    expect(clock.sleeps).toEqual([]);
  });

  it('propagates any other failure at once, without a wait or another attempt', async () => {
    const clock = new ManualClock(0);
    const policy = new ConnectorCallPolicy({ classifier, clock, limits: { maxTransientRetries: 2 } });
    const refused = new WireFailure(400);
    const backend = scripted([refused, 'ok']);
    let refreshes = 0;
    await expect(policy.run({ operation: 'writeBatch', idempotent: true, refreshSession: async () => refreshes++ }, backend.attempt)).rejects.toBe(refused);
    expect(backend.attempts).toBe(1);
    expect(refreshes).toBe(0);
    const bug = new TypeError('not a backend failure');
    await expect(policy.run({ operation: 'readPage', idempotent: true }, scripted([bug, 'ok']).attempt)).rejects.toBe(bug);
    expect(clock.sleeps).toEqual([]);
  });

  it('keeps the throttle budget across a session refresh within one call', async () => {
    const clock = new ManualClock(0, { spendDelaysAtOnce: true });
    const policy = new ConnectorCallPolicy({ classifier, clock, limits: { maxRateLimitRetries: 2 } });
    const backend = scripted([new WireFailure(429, 5), new WireFailure(401), new WireFailure(429, 5), new WireFailure(429, 5)]);
    const error = await policy.run({ operation: 'count', refreshSession: async () => undefined }, backend.attempt).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', message: 'count: still rate limited after 2 retries; retry after 5 ms' });
    expect(backend.attempts).toBe(4);
    expect(clock.sleeps).toEqual([5, 5]);
  });

  it('stops a Retry-After wait when the call is aborted, and sends nothing more', async () => {
    const clock = new ManualClock(0);
    const policy = new ConnectorCallPolicy({ classifier, clock });
    const backend = scripted([new WireFailure(429, 30_000), 'ok']);
    const controller = new AbortController();
    const running = policy.run({ operation: 'readPage', signal: controller.signal }, backend.attempt).catch((caught: unknown) => caught);
    await clock.whenSleeping();
    controller.abort(new TransientError('the sync was cancelled'));
    const error = await running;
    expect(error).toMatchObject({ code: 'TRANSIENT', message: 'the sync was cancelled' });
    expect(backend.attempts).toBe(1);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('sends nothing for a call whose signal has already aborted', async () => {
    const policy = new ConnectorCallPolicy({ classifier, clock: new ManualClock(0) });
    const backend = scripted(['ok']);
    const reason = new Error('stopped');
    await expect(policy.run({ operation: 'whoAmI', signal: AbortSignal.abort(reason) }, backend.attempt)).rejects.toBe(reason);
    expect(backend.attempts).toBe(0);
  });
});
