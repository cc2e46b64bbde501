import type { AzureAdAppRegistration } from '@fieldsync/emulator-azure-ad';
import type { Clock } from '@fieldsync/model';

/** A user of the emulated tenant: signs in with ROPC, owns a OneDrive when `oneDrive` is true. */
export interface GraphEmulatorUser {
  readonly id: string;
  readonly userName: string;
  readonly password: string;
  readonly fullName?: string;
  /** Provision the user's OneDrive at start. @default true */
  readonly oneDrive?: boolean;
}

/** Options of {@link startGraphEmulator}. */
export interface GraphEmulatorOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Certificate and key (PEM). @default a self-signed certificate for 127.0.0.1 */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** @default the system clock */
  readonly clock?: Clock;
  /** @default '6d2c1c9e-1f0a-4d59-9a35-5b1d1e0f5c11' */
  readonly tenantId?: string;
  /** App registrations. @default [{ clientId: 'fieldsync', clientSecret: 'fieldsync-secret', applicationUserName: 'fieldsync-app' }] */
  readonly apps?: readonly AzureAdAppRegistration[];
  /** @default one user, `alex@contoso.example` / `alex-password`, with a OneDrive */
  readonly users?: readonly GraphEmulatorUser[];
  /** @default 3_600_000 */
  readonly accessTokenTtlMs?: number;
  /** Lifetime of a `@microsoft.graph.downloadUrl`. @default 3_600_000 (Graph: about an hour) */
  readonly downloadUrlTtlMs?: number;
  /** Lifetime of an upload session. @default 86_400_000 */
  readonly uploadSessionTtlMs?: number;
  /** Items per page of children and delta when `$top` is not given. @default 200 */
  readonly pageSize?: number;
}

/** The user given when none are. */
export const DEFAULT_GRAPH_USERS: readonly GraphEmulatorUser[] = [
  { id: '8d2f5c52-52a7-4c43-9b1c-7d1b0f6b1a01', userName: 'alex@contoso.example', password: 'alex-password', fullName: 'Alex Wilber' },
];

/** The app registration given when none are. */
export const DEFAULT_GRAPH_APPS: readonly AzureAdAppRegistration[] = [
  { clientId: 'fieldsync', clientSecret: 'fieldsync-secret', applicationUserName: 'fieldsync-app' },
];
