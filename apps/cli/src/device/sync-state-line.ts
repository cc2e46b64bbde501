import type { SyncEngineStatus } from '@fieldsync/sync-core';

/**
 * One line for the engine's state, as `device status` and `device watch` print it:
 * `updates available (fresh, received 2026-03-03T07:01:10.000Z): 12 changed, 0 removed; run fieldsync device apply`.
 */
export function formatSyncState(status: SyncEngineStatus): string {
  const asOf = status.currentAsOf ? `, current as of ${status.currentAsOf}` : '';
  const { state } = status;
  switch (state.kind) {
    case 'up-to-date':
      return `up to date${asOf}`;
    case 'syncing': {
      const progress = state.progress;
      const where = progress
        ? `${progress.step}${progress.entity ? ` ${progress.entity}` : ''} ${progress.done}${progress.total !== undefined ? `/${progress.total}` : ''}`
        : state.step;
      return `syncing: ${where}`;
    }
    case 'updates-available': {
      const counts = status.updates?.counts;
      const what = counts ? `: ${counts.changed} changed, ${counts.removed} removed` : '';
      return `updates available (${state.age}, received ${state.receivedAt})${what}; run fieldsync device apply${asOf}`;
    }
    case 'sync-errors':
      return `sync errors: ${state.count} (fieldsync device errors)${asOf}`;
    case 'auth-error':
      return `auth error (${state.authError}): ${state.code}: ${state.message}`;
    case 'offline-waiting':
      return `offline: next try at ${state.nextRetryAt}${asOf}`;
    case 'paused':
      return `paused since ${state.pausedAt}${asOf}`;
  }
}
