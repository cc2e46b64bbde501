import type { AzureAdAppRegistration } from '@fieldsync/emulator-azure-ad';
import type { CrmStore } from '@fieldsync/crm-store';
import type { Clock } from '@fieldsync/model';

/** An app registration the token endpoint knows; `client_credentials` acts as its application user (a crm-store user name). */
export type DataverseAppRegistration = AzureAdAppRegistration;

/** Options of {@link startDataverseEmulator}. */
export interface DataverseEmulatorOptions {
  /** The reference CRM the emulator serves; its users sign in (ROPC) with their crm-store passwords. */
  readonly store: CrmStore;
  /** @default 0 (any free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Certificate and key (PEM) to serve HTTPS with. @default a self-signed certificate for 127.0.0.1 made with `openssl` */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** @default the store's clock */
  readonly clock?: Clock;
  /** The Azure AD tenant id of the authority. @default '6d2c1c9e-1f0a-4d59-9a35-5b1d1e0f5c11' */
  readonly tenantId?: string;
  /** App registrations. @default [{ clientId: 'fieldsync', clientSecret: 'fieldsync-secret', applicationUserName: 'admin' }] */
  readonly apps?: readonly DataverseAppRegistration[];
  /** Lifetime of an access token; then 401. @default 3_600_000 */
  readonly accessTokenTtlMs?: number;
  /** How long a delta token stays valid; then `0x80044352`. @default 604_800_000 (7 days) */
  readonly changeTokenTtlMs?: number;
  /** Service protection per user: requests per sliding window, then 429. @default { requestsPerWindow: 6000, windowMs: 300_000 } */
  readonly serviceProtection?: { readonly requestsPerWindow?: number; readonly windowMs?: number };
  /** Most requests in one `$batch`. @default 1000 */
  readonly maxBatchRequests?: number;
  /**
   * Entities whose table has change tracking off: `ChangeTrackingEnabled: false`, `Prefer:
   * odata.track-changes` ignored, a `$deltatoken` refused; readers use `versionnumber` instead. @default []
   */
  readonly changeTrackingDisabled?: readonly string[];
}

/** The tenant id used when none is given. */
export const DEFAULT_TENANT_ID = '6d2c1c9e-1f0a-4d59-9a35-5b1d1e0f5c11';

/** The app registration used when none is given. */
export const DEFAULT_APPS: readonly DataverseAppRegistration[] = [{ clientId: 'fieldsync', clientSecret: 'fieldsync-secret', applicationUserName: 'admin' }];

/** The options with their defaults filled in. */
export interface DataverseEmulatorSettings {
  readonly tenantId: string;
  readonly apps: readonly DataverseAppRegistration[];
  readonly accessTokenTtlMs: number;
  readonly changeTokenTtlMs: number;
  readonly requestsPerWindow: number;
  readonly windowMs: number;
  readonly maxBatchRequests: number;
  readonly changeTrackingDisabled: readonly string[];
}

/** Fills in the defaults of the options. */
export function resolveSettings(options: DataverseEmulatorOptions): DataverseEmulatorSettings {
  return Object.freeze({
    tenantId: options.tenantId ?? DEFAULT_TENANT_ID,
    apps: options.apps ?? DEFAULT_APPS,
    accessTokenTtlMs: options.accessTokenTtlMs ?? 3_600_000,
    changeTokenTtlMs: options.changeTokenTtlMs ?? 7 * 86_400_000,
    requestsPerWindow: options.serviceProtection?.requestsPerWindow ?? 6000,
    windowMs: options.serviceProtection?.windowMs ?? 300_000,
    maxBatchRequests: options.maxBatchRequests ?? 1000,
    changeTrackingDisabled: options.changeTrackingDisabled ?? [],
  });
}
