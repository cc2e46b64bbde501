import {
  AuthExpiredError,
  AuthFailedError,
  ContractViolationError,
  DeviceRevokedError,
  QuotaExceededError,
  RateLimitedError,
  TransientError,
} from '@fieldsync/connector-api';
import { FieldsyncError, type Clock } from '@fieldsync/model';
import type { GraphqlRequest } from '../graphql-client';
import { mapUserErrors } from '../map-bridge-error';
import type { JsonObject } from '../decode/json-reader';
import { refreshSessionRequest } from '../queries/refresh-session';
import { decodeSessionPayload } from '../queries/session-payload';
import { signInRequest } from '../queries/sign-in';
import type { BridgeSession } from './bridge-session';

/** What {@link SessionKeeper} needs; the connector's options, resolved. */
export interface SessionKeeperOptions {
  /** Sends one operation without an access token (rate limits already waited out). */
  readonly send: (request: GraphqlRequest) => Promise<JsonObject>;
  readonly userName: string;
  readonly password: string | undefined;
  readonly deviceId: string | undefined;
  readonly tokens: BridgeSession | undefined;
  readonly onSession: ((session: BridgeSession) => void | Promise<void>) | undefined;
  readonly clock: Clock;
  readonly refreshAheadMs: number;
  readonly signInAgainWhenRefreshRefused: boolean;
}

/** A session and what the keeper knows of it. */
interface HeldSession {
  readonly session: BridgeSession;
  /** Refresh this long before `expiresAt`; undefined when the local clock cannot be trusted for it. */
  readonly refreshAheadMs: number | undefined;
}

/** Failures that say nothing about the session: passing, throttled, spent or malformed. */
const isPassing = (error: unknown): boolean =>
  error instanceof TransientError || error instanceof RateLimitedError || error instanceof QuotaExceededError || error instanceof ContractViolationError;

/**
 * Keeps one bridge session: signs in, refreshes ahead of expiry and after the bridge refused the token
 * (one refresh at a time, since each refresh kills the refresh token it used), signs in again once when a
 * refresh is refused and the password is known, and reports every new session to `onSession`.
 */
export class SessionKeeper {
  readonly #options: SessionKeeperOptions;
  #held: HeldSession | undefined;
  #renewing: Promise<void> | undefined;

  constructor(options: SessionKeeperOptions) {
    this.#options = options;
    // A stored session's lifetime is unknown; the configured margin applies as it is.
    this.#held = options.tokens === undefined ? undefined : { session: options.tokens, refreshAheadMs: options.refreshAheadMs };
  }

  /** The current session, if any. */
  current(): BridgeSession | undefined {
    return this.#held?.session;
  }

  /** Forgets the session (the connector closed). */
  clear(): void {
    this.#held = undefined;
  }

  /**
   * Signs in with the password, bound to the device. Throws `AuthFailedError` when refused (also
   * without a password), `DeviceRevokedError` for a wiped device.
   */
  async signIn(): Promise<BridgeSession> {
    const { password, userName, deviceId } = this.#options;
    if (password === undefined) throw new AuthFailedError('signIn: no password is configured and no stored session is usable', 'NO_PASSWORD');
    let data: JsonObject;
    try {
      data = await this.#options.send(signInRequest(userName, password, deviceId));
    } catch (error) {
      if (FieldsyncError.is(error, 'UNAUTHENTICATED') || FieldsyncError.is(error, 'AUTH_EXPIRED')) {
        throw new AuthFailedError(`signIn: ${(error as Error).message}`, (error as FieldsyncError).code);
      }
      throw error;
    }
    const payload = decodeSessionPayload(data, 'signIn');
    if (payload.session === undefined) {
      const refusal = mapUserErrors('signIn', payload.userErrors);
      // The contract: a refused sign-in is AuthFailedError, whatever the bridge calls it; a wiped device stays itself.
      throw refusal instanceof DeviceRevokedError || refusal instanceof AuthFailedError
        ? refusal
        : new AuthFailedError(refusal.message, payload.userErrors[0].code);
    }
    if (deviceId !== undefined && payload.session.deviceId !== undefined && payload.session.deviceId !== deviceId) {
      throw new ContractViolationError(`the session is bound to device '${payload.session.deviceId}', not '${deviceId}'`, 'signIn.session.deviceId');
    }
    await this.#adopt(payload.session);
    return payload.session;
  }

  /**
   * Swaps the refresh token for a new session (one swap at a time; callers arriving during one share it).
   * Throws `AuthExpiredError` when the bridge refuses it, `DeviceRevokedError` for a wiped device, and
   * passing failures (`TransientError`, `RateLimitedError`) as they are.
   */
  async refresh(): Promise<BridgeSession> {
    await this.#single(() => this.#refresh());
    return this.#held?.session as BridgeSession;
  }

  /**
   * Renews the session after the bridge refused its token: one refresh; when that is refused and the
   * password is known (and signing in again is allowed), one sign-in. Throws `AuthExpiredError` when
   * neither works. Callers arriving during a renewal share it.
   */
  async renew(): Promise<void> {
    await this.#single(async () => {
      try {
        await this.#refresh();
      } catch (error) {
        if (!(error instanceof AuthExpiredError) || !this.#options.signInAgainWhenRefreshRefused || this.#options.password === undefined) throw error;
        try {
          await this.signIn();
        } catch (signInError) {
          if (!(signInError instanceof AuthFailedError)) throw signInError;
          throw new AuthExpiredError(`${error.message}; signing in again was refused too: ${signInError.message}`);
        }
      }
    });
  }

  /**
   * Renews the session when it is about to expire. Answers true when it renewed. A passing failure
   * while the token is still valid is ignored (the token is used as it is); any other failure is thrown.
   */
  async renewIfDue(): Promise<boolean> {
    const held = this.#held;
    if (held === undefined || held.refreshAheadMs === undefined) return false;
    const now = this.#options.clock.now();
    if (now < held.session.expiresAt - held.refreshAheadMs) return false;
    try {
      await this.renew();
      return true;
    } catch (error) {
      if (isPassing(error) && now < held.session.expiresAt) return false;
      throw error;
    }
  }

  async #refresh(): Promise<void> {
    const held = this.#held;
    if (held === undefined) throw new AuthExpiredError('refreshSession: there is no session to refresh; sign in first');
    let data: JsonObject;
    try {
      data = await this.#options.send(refreshSessionRequest(held.session.refreshToken));
    } catch (error) {
      if (isPassing(error) || error instanceof DeviceRevokedError || !FieldsyncError.is(error)) throw error;
      throw new AuthExpiredError(`refreshSession: the bridge refused the refresh: ${(error as Error).message}`);
    }
    const payload = decodeSessionPayload(data, 'refreshSession');
    if (payload.session === undefined) {
      const refusal = mapUserErrors('refreshSession', payload.userErrors);
      if (refusal instanceof DeviceRevokedError) throw refusal;
      throw new AuthExpiredError(`the bridge refused the refresh: ${refusal.message}`);
    }
    await this.#adopt(payload.session);
  }

  async #adopt(session: BridgeSession): Promise<void> {
    const lifetime = session.expiresAt - this.#options.clock.now();
    // A session that looks expired on arrival means the clocks disagree: rely on the bridge's refusals instead.
    this.#held = { session, refreshAheadMs: lifetime > 0 ? Math.min(this.#options.refreshAheadMs, lifetime / 2) : undefined };
    await this.#options.onSession?.(session);
  }

  async #single(renew: () => Promise<void>): Promise<void> {
    if (this.#renewing === undefined) {
      this.#renewing = renew().finally(() => {
        this.#renewing = undefined;
      });
    }
    await this.#renewing;
  }
}
