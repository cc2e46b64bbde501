import type { ApiUsage } from '@fieldsync/connector-api';
import type { DeviceStatus } from '../engine/device-status';
import type { SyncOptions } from '../engine/sync-engine-options';
import type { SyncResult } from '../engine/sync-result';
import type { RefreshModeStatus } from '../refresh-mode/refresh-mode';
import type { SchedulerStatus } from './scheduler-status';

/**
 * The part of `SyncEngine` a scheduler drives: a `SyncEngine` is one. `sync` never throws for a failed
 * sync (the result says so) and stops at the next boundary when its signal aborts, keeping what it
 * received; `status` tells whether the device finished its first sync; `apiUsage` is the backend's
 * API usage (a network call); `refreshMode` is the device's Refresh Mode in effect (the org's
 * `EnableNonBlockingSync` and the device toggle).
 */
export interface ScheduledSyncTarget {
  sync(options: SyncOptions): Promise<SyncResult>;
  status(): Promise<DeviceStatus>;
  apiUsage(): Promise<ApiUsage>;
  refreshMode(): Promise<Pick<RefreshModeStatus, 'mode'>>;
  /** Hears each scheduler status, so the engine's own status shows `offline-waiting` and `paused` (optional). */
  noteSchedulerStatus?(status: SchedulerStatus): void;
}
