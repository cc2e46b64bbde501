import { checkDeviceControl, formatDeviceControl } from '../../device-control/check-device-control';
import { DeviceLockedError, ManualSyncRequiredError } from '../../errors/device-control-errors';
import type { SyncPhase } from '../sync-phase';
import { endRun } from '../sync-run-state';

/**
 * Re-check: the administrator's orders again, after an upload that sent something (it may have taken
 * long): a wipe, a lock or a forced full sync issued meanwhile. With nothing sent, the first check is
 * fresh. A background sync ends here when a forced full sync became due or a customization update
 * waits: it uploaded, the rest is for a foreground sync.
 */
export const recheckPhase: SyncPhase = {
  name: 're-check',
  async run(ctx, state) {
    const { channel, reporter } = ctx;
    let next = state;
    const { uploaded, errors, conflicts } = state.figures;
    if (channel && uploaded + errors + conflicts > 0) {
      const again = await ctx.measure(
        'control',
        () => checkDeviceControl(ctx.db, channel, ctx.startedAt),
        () => 0,
      );
      if (again.control.state === 'wiped') return endRun(state, { kind: 'wiped', control: again.control });
      if (again.control.state === 'locked') {
        reporter.log(formatDeviceControl(again));
        return endRun(state, { kind: 'failed', error: new DeviceLockedError(), uploadOnly: true });
      }
      if (again.due && again.due.commandId !== state.due?.commandId) {
        reporter.log(formatDeviceControl(again));
        next = { ...next, due: again.due, dueUnhandled: true };
        if (ctx.background) return endRun(next, { kind: 'failed', error: new ManualSyncRequiredError(again.due.commandId), uploadOnly: true });
      }
    }
    if (next.offered && next.active && ctx.background) {
      reporter.warn({
        code: 'CUSTOMIZATION_UPDATE_WAITING',
        message: `A customization update (revision ${next.offered.offer.revision}) is waiting: sync in the foreground to apply it`,
      });
      return endRun(next, { kind: 'upload-only' });
    }
    return next;
  },
};
