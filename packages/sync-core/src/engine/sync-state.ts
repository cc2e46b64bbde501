import type { SyncProgress, SyncStep } from './sync-reporter';

/** How long updates have waited since they were received (seed 000's Apply Update colours): fresh < 1 day, aging 1–2 days, stale > 2 days. */
export type UpdatesAge = 'fresh' | 'aging' | 'stale';

/**
 * Why the device cannot sync until the user acts (seed 000's authentication errors):
 * - `password-expired`: the CRM refused the password as expired;
 * - `login-failed`: the sign-in was refused (wrong credentials, unknown or disabled user);
 * - `oauth-failed`: the session could not be renewed (its refresh was refused, or the identity provider refused the token request);
 * - `device-revoked`: the bridge revoked the device (wiped); it must be set up again.
 */
export type AuthErrorKind = 'password-expired' | 'login-failed' | 'oauth-failed' | 'device-revoked';

/**
 * The one state an app's status widget shows, most urgent first when several hold:
 * - `syncing`: a sync (or an Apply Update) runs; `step` and `progress` from its progress events;
 * - `auth-error`: the last sync failed to authenticate (see {@link AuthErrorKind});
 * - `sync-errors`: `count` sync errors wait for the user;
 * - `offline-waiting`: the scheduler waits for a connection; next attempt at `nextRetryAt`;
 * - `paused`: the scheduler paused a non-blocking sync (the app went inactive);
 * - `updates-available`: a staged update waits for `applyUpdate()`; `age` from `receivedAt`;
 * - `up-to-date`: nothing of the above.
 */
export type SyncState =
  | { readonly kind: 'up-to-date' }
  | { readonly kind: 'syncing'; readonly step: SyncStep | 'starting'; readonly progress?: SyncProgress }
  | { readonly kind: 'auth-error'; readonly authError: AuthErrorKind; readonly code: string; readonly message: string }
  | { readonly kind: 'sync-errors'; readonly count: number }
  | { readonly kind: 'offline-waiting'; readonly nextRetryAt: string }
  | { readonly kind: 'paused'; readonly pausedAt: string }
  | { readonly kind: 'updates-available'; readonly age: UpdatesAge; readonly receivedAt: string };

/** The name of a {@link SyncState}. */
export type SyncStateKind = SyncState['kind'];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The age of updates received at `receivedAtMs`, at `nowMs`: fresh under 1 day, aging up to 2 days, stale after. */
export function updatesAgeOf(receivedAtMs: number, nowMs: number): UpdatesAge {
  const waited = nowMs - receivedAtMs;
  if (waited < DAY_MS) return 'fresh';
  if (waited <= 2 * DAY_MS) return 'aging';
  return 'stale';
}

/**
 * The authentication error a sync's failure means, or undefined when it is not one. `reason` is the
 * error's `details.reason` when known (a CRM's or identity provider's code).
 */
export function authErrorKindOf(error: { readonly code: string; readonly message: string; readonly reason?: string }): AuthErrorKind | undefined {
  const text = `${error.reason ?? ''} ${error.message}`;
  switch (error.code) {
    case 'DEVICE_REVOKED':
    case 'DEVICE_WIPED':
      return 'device-revoked';
    case 'AUTH_EXPIRED':
      return 'oauth-failed';
    case 'AUTH_FAILED':
    case 'UNAUTHENTICATED':
      if (/expired[ _-]?password|password[ _-]?expired/i.test(text)) return 'password-expired';
      if (/oauth|invalid_grant|AADSTS|token request|jwt/i.test(text)) return 'oauth-failed';
      return 'login-failed';
    default:
      return undefined;
  }
}

/** What {@link deriveSyncState} decides from. */
export interface SyncStateInput {
  readonly now: number;
  /** The running sync's (or apply's) latest step, when one runs. */
  readonly running?: { readonly step: SyncStep | 'starting'; readonly progress?: SyncProgress };
  /** The last finished sync's failure, if it failed. */
  readonly lastFailure?: { readonly code: string; readonly message: string; readonly reason?: string };
  readonly wiped: boolean;
  readonly syncErrors: number;
  /** The scheduler's state, as it last told the engine. */
  readonly scheduler?: { readonly state: 'offline-waiting'; readonly nextRetryAt: number } | { readonly state: 'paused'; readonly pausedAt: number };
  /** When the waiting staged update was received (ISO). */
  readonly updatesReceivedAt?: string;
}

/** The one {@link SyncState} of the device, most urgent first. */
export function deriveSyncState(input: SyncStateInput): SyncState {
  if (input.running) return { kind: 'syncing', step: input.running.step, ...(input.running.progress ? { progress: input.running.progress } : {}) };
  if (input.wiped) return { kind: 'auth-error', authError: 'device-revoked', code: 'DEVICE_WIPED', message: 'the device was wiped; set it up again' };
  const auth = input.lastFailure ? authErrorKindOf(input.lastFailure) : undefined;
  if (auth && input.lastFailure) return { kind: 'auth-error', authError: auth, code: input.lastFailure.code, message: input.lastFailure.message };
  if (input.syncErrors > 0) return { kind: 'sync-errors', count: input.syncErrors };
  if (input.scheduler?.state === 'offline-waiting') return { kind: 'offline-waiting', nextRetryAt: new Date(input.scheduler.nextRetryAt).toISOString() };
  if (input.scheduler?.state === 'paused') return { kind: 'paused', pausedAt: new Date(input.scheduler.pausedAt).toISOString() };
  if (input.updatesReceivedAt !== undefined) {
    return { kind: 'updates-available', age: updatesAgeOf(Date.parse(input.updatesReceivedAt), input.now), receivedAt: input.updatesReceivedAt };
  }
  return { kind: 'up-to-date' };
}
