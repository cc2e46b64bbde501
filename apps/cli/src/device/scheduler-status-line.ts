import type { SchedulerStatus } from '@fieldsync/sync-core';

const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);

/** One line for a scheduler status, as `device watch` prints it: `syncing (daily): download account 500/2000`. */
export function formatSchedulerStatus(status: SchedulerStatus): string {
  const asOf = status.currentAsOf !== undefined ? `, current as of ${new Date(status.currentAsOf).toISOString()}` : '';
  const error = status.lastError ? ` (last error ${status.lastError.code}: ${status.lastError.message})` : '';
  switch (status.state) {
    case 'idle':
      return `idle${asOf}${error}`;
    case 'syncing': {
      const progress = status.progress;
      const where = progress
        ? `${progress.step}${progress.entity ? ` ${progress.entity}` : ''} ${progress.done}${progress.total !== undefined ? `/${progress.total}` : ''}`
        : status.step;
      return `syncing (${status.reason}${status.runId ? `, run ${status.runId.slice(0, 8)}` : ''}): ${where}`;
    }
    case 'offline-waiting':
      return `offline: next try at ${time(status.nextRetryAt)} UTC${error}`;
    case 'paused':
      return `paused since ${time(status.pausedAt)} UTC (run ${status.runId.slice(0, 8)})`;
    case 'guarded':
      return `guarded (${status.guard}): ${status.detail}`;
  }
}

/** The part of a status that a new line is printed for when not on a terminal: the state and, while syncing, the step. */
export function statusKey(status: SchedulerStatus): string {
  return status.state === 'syncing' ? `${status.state}:${status.reason}:${status.step}` : formatSchedulerStatus(status);
}
