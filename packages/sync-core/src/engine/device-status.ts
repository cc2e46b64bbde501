/** One synchronised entity's state on the device. */
export interface EntityStatus {
  readonly entity: string;
  readonly records: number;
  readonly pendingChanges: number;
  readonly lastSyncDate?: string;
  readonly lastFullSyncStart?: string;
  /** `never` before the first download, `partial` after an interrupted full one. */
  readonly state: 'complete' | 'partial' | 'never';
}

/** The device at a glance: what waits to go up, what waits for the user, when it last synced. */
export interface DeviceStatus {
  readonly initialized: boolean;
  readonly userId?: string;
  /** The signed-in user's name, as the server gave it at the last sync. */
  readonly userName?: string;
  readonly customizationVersion?: string;
  readonly pendingChanges: number;
  readonly syncErrors: number;
  readonly lastSync?: { readonly startedAt: string; readonly result: string };
  readonly entities: readonly EntityStatus[];
}
