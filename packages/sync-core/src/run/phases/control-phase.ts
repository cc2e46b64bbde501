import { valueOfPlanPart } from '@fieldsync/connector-api';
import type { Customization } from '@fieldsync/model';
import { checkDeviceControl, formatDeviceControl } from '../../device-control/check-device-control';
import { DeviceLockedError, ManualSyncRequiredError } from '../../errors/device-control-errors';
import { readMeta } from '../../local-store/device-meta';
import { completeCommand } from '../complete-command';
import { fetchSyncPlan, type StartPlan } from '../fetch-sync-plan';
import { PlannedServer } from '../planned-server';
import type { SyncPhase } from '../sync-phase';
import { endRun } from '../sync-run-state';

/**
 * Device control (with a channel): the administrator's orders, from the sync plan when the channel
 * offers one (it answers the customization offer too, and from a bridge WhoAmI, permissions, the
 * schema and the analyzer's counts, for the phases after this one). A wipe ends the sync (the report phase
 * erases the device); a lock or unlock is stored and its commands reported done; a forced full sync
 * that is due stops a background sync (`MANUAL_SYNC_REQUIRED`). Then reads the customization in use: a
 * locked device that never had one stops (`DEVICE_LOCKED`).
 */
export const controlPhase: SyncPhase = {
  name: 'control',
  async run(ctx, state) {
    const { channel, db, reporter } = ctx;
    let next = state;
    const active = await readMeta<Customization>(db, 'customization');
    if (channel) {
      // The channel is the connector (a bridge): the plan answers the CRM side of the start too.
      const withServer = (channel as unknown) === ctx.connection.connector;
      let plan: StartPlan | undefined;
      const check = await ctx.measure(
        'control',
        async () => {
          plan = await fetchSyncPlan({ db, channel, active, wanted: ctx.connection.customization ?? active, appVersion: ctx.appVersion, withServer });
          const planned = plan;
          return checkDeviceControl(db, planned ? { deviceControl: async () => valueOfPlanPart(planned.plan.control) } : channel, ctx.startedAt);
        },
        () => 0,
      );
      if (plan) {
        const { server } = plan.plan;
        next = { ...next, plan, ...(withServer && server ? { planned: new PlannedServer(ctx.connector, server, plan.request) } : {}) };
      }
      reporter.log(formatDeviceControl(check));
      if (check.control.state === 'wiped') return endRun(next, { kind: 'wiped', control: check.control });
      // The lock state is stored (and enforced offline) from here on: its commands are carried out.
      for (const command of check.control.pendingCommands) {
        if (command.kind === 'lock' || command.kind === 'unlock') await completeCommand(channel, command.id, reporter);
      }
      next = { ...next, check, controlSeen: true, locked: check.control.state === 'locked', ...(check.due ? { due: check.due } : {}) };
      if (check.due) {
        next = { ...next, dueUnhandled: true };
        // A background sync changes nothing: the user starts the full sync.
        if (ctx.background) return endRun(next, { kind: 'failed', error: new ManualSyncRequiredError(check.due.commandId) });
      }
    }
    next = { ...next, ...(active ? { active } : {}) };
    if (next.locked && !active) return endRun(next, { kind: 'failed', error: new DeviceLockedError() });
    return next;
  },
};
