import type { CrmStore } from '@fieldsync/crm-store';
import type { Clock } from '@fieldsync/model';

/** A connected app the token endpoint knows. */
export interface ConnectedApp {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The user `client_credentials` runs as (the app's "Run As" user). */
  readonly runAsUserName?: string;
  /** PEM public key (or certificate) JWT bearer assertions of this app are verified with; absent: signatures are not checked. */
  readonly jwtPublicKey?: string;
}

/** Options of {@link startSalesforceEmulator}. */
export interface SalesforceEmulatorOptions {
  /** The reference CRM the emulator serves; its users sign in with their crm-store passwords. */
  readonly store: CrmStore;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Serve HTTPS with this certificate and key (PEM). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** The API version `/services/data` advertises; requests may use any `vNN.N`. @default '59.0' */
  readonly apiVersion?: string;
  /** @default the store's clock */
  readonly clock?: Clock;
  /** Lifetime of a session from sign-in; then 401 `INVALID_SESSION_ID`. @default 7_200_000 (2 h) */
  readonly sessionTtlMs?: number;
  /** API requests the org may make per UTC day; then 403 `REQUEST_LIMIT_EXCEEDED`. @default 100_000 */
  readonly dailyApiLimit?: number;
  /** A query locator expires this long after its last use; then `INVALID_QUERY_LOCATOR`. @default 900_000 (15 min) */
  readonly locatorTtlMs?: number;
  /** `updated` and `deleted` refuse more ids than this with `EXCEEDED_ID_LIMIT`. @default 600_000 */
  readonly maxReplicationIds?: number;
  /**
   * Holders of this crm-store role have "View Setup": they see every user's `PermissionSet`,
   * `PermissionSetAssignment` and `ObjectPermissions` rows, not only their own. @default 'System Administrator'
   */
  readonly setupRole?: string;
  /** Connected apps of the token endpoint. @default [{ clientId: 'fieldsync', clientSecret: 'fieldsync-secret', runAsUserName: 'admin' }] */
  readonly connectedApps?: readonly ConnectedApp[];
}
