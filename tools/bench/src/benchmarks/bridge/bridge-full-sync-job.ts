import type { SyncJobResult } from '../sync-job';

/** A device's first (full) sync through a running bridge, in a fresh process (`bridge-sync-worker.ts`). */
export interface BridgeFullSyncJob {
  /** The bridge's base URL. */
  readonly url: string;
  readonly userName: string;
  readonly password: string;
  readonly deviceId: string;
  /** A new device database file. */
  readonly deviceFile: string;
  /** The entity synced and how many of its records the device must hold afterwards; anything else fails the job. */
  readonly entity: string;
  readonly expected: number;
  /** Give the engine the connector as its device channel too (control, customization, tracking), as an app does. */
  readonly channel: boolean;
}

/** What the device process measured: the sync's figures and the device's CPU time during it. */
export interface BridgeFullSyncResult extends SyncJobResult {
  /** User + system CPU time of the device process during the sync, ms. */
  readonly cpuMs: number;
}
