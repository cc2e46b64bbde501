import type { SyncResult } from '../engine/sync-result';

/** One row of the device's sync log. */
export interface SyncLogEntry {
  readonly id: number;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly kind: string;
  readonly result: string;
  readonly summary?: SyncResult;
}
