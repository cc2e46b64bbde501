/** One setting of the bridge that an admin may change at run time. */
export interface BridgeSettingDefinition {
  readonly name: BridgeSettingName;
  readonly description: string;
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
}

/** The bridge's run-time settings, with their values. */
export interface BridgeSettings {
  /** Failed sign-ins allowed per user name (and per device) within the window before refusing. */
  readonly signInMaxFailures: number;
  /** Failed sign-ins allowed from one client address (an IPv6 /64) within the window, for any user names. */
  readonly signInMaxFailuresPerAddress: number;
  /** The sign-in failure window, in seconds. */
  readonly signInWindowSeconds: number;
  /** Refresh token lifetime, in days. */
  readonly refreshTokenDays: number;
  /** Largest page a device may read (never above 5,000). */
  readonly maxPageSize: number;
  /** Devices not synced for this many days are listed as inactive by default. */
  readonly inactiveDeviceDays: number;
  /** Sign-in attempts are deleted this many days after they were made. */
  readonly signInAttemptRetentionDays: number;
  /** Uploaded sync logs are deleted this many days after their upload. */
  readonly syncLogRetentionDays: number;
  /** Sessions are deleted this many days after they expire (0: at the next purge). */
  readonly expiredSessionRetentionDays: number;
  /** Sync tracking records are deleted this many days after the sync started. */
  readonly syncTrackingRetentionDays: number;
}

/** A setting name. */
export type BridgeSettingName = keyof BridgeSettings;

/** Every setting with its default and bounds. */
export const BRIDGE_SETTINGS: readonly BridgeSettingDefinition[] = Object.freeze([
  { name: 'signInMaxFailures', description: 'Failed sign-ins allowed per user name and per device within the window', defaultValue: 5, min: 1, max: 1000 },
  {
    name: 'signInMaxFailuresPerAddress',
    description: 'Failed sign-ins allowed from one client address (an IPv6 /64) within the window, for any user names',
    defaultValue: 50,
    min: 1,
    max: 100_000,
  },
  { name: 'signInWindowSeconds', description: 'Window of the sign-in failure limit, in seconds', defaultValue: 900, min: 10, max: 86_400 },
  { name: 'refreshTokenDays', description: 'Lifetime of a refresh token, in days', defaultValue: 30, min: 1, max: 365 },
  { name: 'maxPageSize', description: 'Largest page of records a device may read', defaultValue: 5000, min: 1, max: 5000 },
  { name: 'inactiveDeviceDays', description: 'Days without a sync after which a device counts as inactive', defaultValue: 14, min: 1, max: 3650 },
  { name: 'signInAttemptRetentionDays', description: 'Days sign-in attempts are kept', defaultValue: 1, min: 1, max: 365 },
  { name: 'syncLogRetentionDays', description: 'Days uploaded sync logs are kept', defaultValue: 30, min: 1, max: 3650 },
  {
    name: 'expiredSessionRetentionDays',
    description: 'Days sessions are kept after they expire (0: deleted at the next purge)',
    defaultValue: 0,
    min: 0,
    max: 365,
  },
  { name: 'syncTrackingRetentionDays', description: 'Days sync tracking records are kept', defaultValue: 180, min: 1, max: 3650 },
] as const satisfies readonly BridgeSettingDefinition[]);

/** The settings with stored values applied over the defaults (values out of bounds are ignored). */
export function resolveBridgeSettings(stored: Readonly<Record<string, unknown>>): BridgeSettings {
  const values: Record<string, number> = {};
  for (const definition of BRIDGE_SETTINGS) {
    const value = stored[definition.name];
    values[definition.name] =
      typeof value === 'number' && Number.isInteger(value) && value >= definition.min && value <= definition.max ? value : definition.defaultValue;
  }
  return values as unknown as BridgeSettings;
}
