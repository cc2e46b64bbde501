import { authErrorKindOf, deriveSyncState, updatesAgeOf } from './sync-state';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.parse('2026-03-05T09:00:00Z');

describe('the one sync state', () => {
  it('ages updates fresh under one day, aging from one to two days, stale after two days', () => {
    expect(updatesAgeOf(NOW, NOW)).toBe('fresh');
    expect(updatesAgeOf(NOW - DAY + 1, NOW)).toBe('fresh');
    expect(updatesAgeOf(NOW - DAY, NOW)).toBe('aging');
    expect(updatesAgeOf(NOW - 2 * DAY, NOW)).toBe('aging');
    expect(updatesAgeOf(NOW - 2 * DAY - 1, NOW)).toBe('stale');
  });

  it('names the four authentication errors from the failure code and reason', () => {
    expect(authErrorKindOf({ code: 'AUTH_FAILED', message: 'wrong user name or password, or the user is disabled' })).toBe('login-failed');
    expect(authErrorKindOf({ code: 'AUTH_FAILED', message: 'Salesforce refused the sign-in', reason: 'INVALID_OPERATION_WITH_EXPIRED_PASSWORD' })).toBe(
      'password-expired',
    );
    expect(authErrorKindOf({ code: 'AUTH_FAILED', message: 'Azure AD refused the token request (AADSTS7000215): bad secret' })).toBe('oauth-failed');
    expect(authErrorKindOf({ code: 'AUTH_EXPIRED', message: 'the session expired and could not be refreshed' })).toBe('oauth-failed');
    expect(authErrorKindOf({ code: 'DEVICE_REVOKED', message: 'revoked' })).toBe('device-revoked');
    expect(authErrorKindOf({ code: 'TRANSIENT', message: 'offline' })).toBeUndefined();
  });

  it('shows the most urgent state: syncing, then auth error, sync errors, offline-waiting, paused, updates available, up to date', () => {
    const all = {
      now: NOW,
      wiped: false,
      running: { step: 'download' as const },
      lastFailure: { code: 'AUTH_FAILED', message: 'refused' },
      syncErrors: 2,
      scheduler: { state: 'offline-waiting' as const, nextRetryAt: NOW + 30_000 },
      updatesReceivedAt: new Date(NOW - 3 * DAY).toISOString(),
    };
    expect(deriveSyncState(all)).toEqual({ kind: 'syncing', step: 'download' });
    const { running: _r, ...idle } = all;
    expect(deriveSyncState(idle)).toEqual({ kind: 'auth-error', authError: 'login-failed', code: 'AUTH_FAILED', message: 'refused' });
    const { lastFailure: _f, ...signedIn } = idle;
    expect(deriveSyncState(signedIn)).toEqual({ kind: 'sync-errors', count: 2 });
    const clean = { ...signedIn, syncErrors: 0 };
    expect(deriveSyncState(clean)).toEqual({ kind: 'offline-waiting', nextRetryAt: new Date(NOW + 30_000).toISOString() });
    expect(deriveSyncState({ ...clean, scheduler: { state: 'paused', pausedAt: NOW - 1000 } })).toEqual({
      kind: 'paused',
      pausedAt: new Date(NOW - 1000).toISOString(),
    });
    const { scheduler: _s, ...waiting } = clean;
    expect(deriveSyncState(waiting)).toEqual({ kind: 'updates-available', age: 'stale', receivedAt: all.updatesReceivedAt });
    const { updatesReceivedAt: _u, ...done } = waiting;
    expect(deriveSyncState(done)).toEqual({ kind: 'up-to-date' });
    expect(deriveSyncState({ ...done, wiped: true })).toMatchObject({ kind: 'auth-error', authError: 'device-revoked' });
  });
});
