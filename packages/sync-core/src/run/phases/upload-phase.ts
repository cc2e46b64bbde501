import { DeviceLockedError } from '../../errors/device-control-errors';
import { runUpload } from '../../upload/run-upload';
import type { SyncPhase } from '../sync-phase';
import { endRun, preparedDevice } from '../sync-run-state';

/**
 * Upload: the change log goes to the server (parents first, in batches, idempotent). A locked device
 * still sends what was changed before the lock (never lose a change) but receives nothing more: the
 * sync ends here with `DEVICE_LOCKED`. An upload-only sync (`SyncOptions.uploadOnly`, autosync) ends here too.
 */
export const uploadPhase: SyncPhase = {
  name: 'upload',
  async run(ctx, state) {
    const { local, customization } = preparedDevice(state);
    const pageSize = ctx.connection.changeLogPageSize;
    const upload = await ctx.measure(
      'upload',
      () =>
        runUpload({
          db: ctx.db,
          connector: ctx.connector,
          local,
          settings: customization.settings,
          clock: ctx.clock,
          reporter: ctx.reporter,
          signal: ctx.signal,
          ...(ctx.onSyncPoint ? { onSyncPoint: ctx.onSyncPoint } : {}),
          ...(pageSize ? { changeLogPageSize: pageSize } : {}),
        }),
      (value) => value.uploaded,
    );
    const next = {
      ...state,
      figures: { ...state.figures, uploaded: upload.uploaded, conflicts: upload.conflicts, errors: upload.errors, retries: upload.retries },
    };
    if (state.locked) return endRun(next, { kind: 'failed', error: new DeviceLockedError(), uploadOnly: true });
    if (ctx.options.uploadOnly) return endRun(next, { kind: 'upload-only' });
    return next;
  },
};
