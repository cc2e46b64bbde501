import { statfs } from 'node:fs/promises';
import type { SchedulerHost, SchedulerHostEvent } from '@fieldsync/sync-core';

/** How often a foreground CLI counts as "used": a new sync day begins at the first tick after 3 AM. @default 60000 */
const ACTIVITY_TICK_MS = 60_000;

/**
 * The {@link SchedulerHost} of a foreground process (`fieldsync device watch`): always active and
 * online (a failed call tells the scheduler otherwise), the free space of the device database's file
 * system, the process's time zone, and an activity tick every minute while subscribed.
 */
export function createProcessSchedulerHost(databaseDir: string, tickMs: number = ACTIVITY_TICK_MS): SchedulerHost {
  return {
    isActive: () => true,
    isOnline: () => true,
    async freeDiskBytes() {
      try {
        const stats = await statfs(databaseDir);
        return stats.bavail * stats.bsize;
      } catch {
        return undefined;
      }
    },
    timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    subscribe(listener: (event: SchedulerHostEvent) => void) {
      const timer = setInterval(() => listener('activity'), tickMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
