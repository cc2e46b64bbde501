import type { ConformanceControl, ConformanceUser } from '@fieldsync/connector-testkit';

/** The control methods the host runs for the parent. */
export type HostMethod = Exclude<keyof ConformanceControl, 'userIds'>;

/** Parent → host: run a control method, or close the world and exit. */
export type HostRequest =
  | { readonly id: number; readonly method: HostMethod; readonly args: readonly unknown[] }
  | { readonly id: number; readonly method: 'close'; readonly args: readonly [] };

/** Host → parent: the answer to one request. */
export type HostResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly code?: unknown } };

/** Host → parent, once: the bridge listens. */
export interface HostReady {
  readonly ready: true;
  /** The bridge's base URL. */
  readonly url: string;
  readonly userIds: Readonly<Record<ConformanceUser, string>>;
  /** Every conformance user's password. */
  readonly password: string;
  /** The CRM role that may use the bridge's admin API (the admin user holds it). */
  readonly adminRole: string;
  /** The bridge's clock at start (a ManualClock; ms since epoch). */
  readonly now: number;
}

/** How the host starts its bridge (passed as JSON in its first argument). */
export interface HostOptions {
  /** Serve HTTPS with this PEM certificate and key. @default HTTP */
  readonly tls?: { readonly cert: string; readonly key: string };
}
