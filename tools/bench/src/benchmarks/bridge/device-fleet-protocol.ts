/** One simulated device of a fleet: a user, its device id and its own device database file. */
export interface FleetDevice {
  readonly userName: string;
  readonly deviceId: string;
  readonly deviceFile: string;
}

/** How a device fleet process starts (`device-fleet-host.ts`). */
export interface DeviceFleetOptions {
  /** The bridge's base URL. */
  readonly url: string;
  /** Every device user's password. */
  readonly password: string;
  readonly devices: readonly FleetDevice[];
  /** Give each engine its connector as device channel too (control, customization, tracking), as an app does. */
  readonly channel: boolean;
  /** The entity whose records each device counts. */
  readonly entity: string;
}

/** How one sync of one device ended. `wrong-download`: it answered ok but did not download the records expected. */
export type SyncOutcome = 'ok' | 'warnings' | 'failed' | 'thrown' | 'wrong-download';

/** One device's sync. */
export interface SyncSample {
  /** Index of the device in the fleet. */
  readonly device: number;
  /** Wall time of the `engine.sync()` call, ms. */
  readonly ms: number;
  readonly outcome: SyncOutcome;
  readonly downloaded: number;
  /** The error code and message of a failed or thrown sync, or what was wrong with the download. */
  readonly message?: string;
  /** Milliseconds per step of the sync (`control`, `customization`, `prepare`, `upload`, `analyze`, `download`, …; a step run twice is summed). */
  readonly steps?: Readonly<Record<string, number>>;
}

/** What one round of syncs of a fleet did. */
export interface FleetRound {
  readonly samples: readonly SyncSample[];
  /** From the first sync's start to the last one's end, ms. */
  readonly wallMs: number;
  /** User + system CPU time of the fleet process during the round, ms. */
  readonly cpuMs: number;
}

/** Parent → fleet: sync the devices named (indices; all when absent) at once, expecting `expectDownloaded` records each (any when absent); count each device's records; close. */
export type DeviceFleetRequest =
  | { readonly id: number; readonly method: 'sync'; readonly devices?: readonly number[]; readonly expectDownloaded?: number }
  | { readonly id: number; readonly method: 'records' }
  | { readonly id: number; readonly method: 'close' };

/** Fleet → parent: the answer to one request (a {@link FleetRound}, the records per device, or nothing). */
export type DeviceFleetResponse =
  { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: string };

/** Fleet → parent, once: every device database is open and registered with the bridge. */
export type DeviceFleetReady = { readonly ready: true; readonly devices: number } | { readonly ready: false; readonly error: string };
