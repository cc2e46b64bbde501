import { noteRemoved } from '../cleanup/removed-records';
import type { DownloadContext } from '../download/download-context';
import type { SyncRunContext } from './sync-run-context';
import { preparedDevice, type SyncRunState } from './sync-run-state';

/** The download's context for this run: records the download removes are noted in the state's `removed`, for the cleanup. */
export function downloadContextOf(ctx: SyncRunContext, state: SyncRunState): DownloadContext {
  const { local, customization } = preparedDevice(state);
  return {
    db: ctx.db,
    connector: ctx.connector,
    local,
    settings: customization.settings,
    clock: ctx.clock,
    reporter: ctx.reporter,
    signal: ctx.signal,
    gate: ctx.local.gate,
    syncStart: ctx.startedAt,
    onRemoved: (entity, ids) => noteRemoved(state.removed, entity, ids),
    ...(ctx.onSyncPoint ? { onSyncPoint: ctx.onSyncPoint } : {}),
  };
}
