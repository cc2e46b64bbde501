import { applyCustomizationUpdate } from '../../customization-update/apply-customization-update';
import { writePendingCustomization } from '../../customization-update/customization-offer-store';
import { describeCustomizationChange, formatCustomizationChange } from '../../customization-update/customization-change';
import { writeLastSyncStart } from '../../device-control/device-control-store';
import { buildLocalSchema } from '../../local-store/local-schema';
import { pendingOf } from '../offered-update';
import type { ServerState } from '../server-state';
import type { SyncPhase } from '../sync-phase';
import type { SyncRunContext } from '../sync-run-context';
import { endingOf, endRun, preparedDevice, type SyncRunState } from '../sync-run-state';

/**
 * Customization update (foreground only, on a device that had one): the local schema migrated in one
 * transaction (a crash midway rolls back), entities whose tables or definitions changed marked for a
 * full download. It waits (`CUSTOMIZATION_UPDATE_BLOCKED`) while local changes or sync errors are not
 * on the server. Then the metadata is settled: the sync start is recorded for device control once the
 * orders were seen and nothing is left due, and a forced full sync makes the sync a full one.
 */
export const customizationUpdatePhase: SyncPhase = {
  name: 'customization-update',
  async run(ctx, state) {
    const next = await updateCustomization(ctx, state);
    // A forced full sync that was due and did not begin keeps the last sync start where it was, so the
    // order stays due; the start is only moved once the device saw the orders and nothing was left due.
    if (next.controlSeen && !next.dueUnhandled && !next.due) {
      try {
        await writeLastSyncStart(ctx.db, ctx.startedAt);
      } catch (error) {
        // The update's outcome is kept in the report of the failed sync.
        return endRun(next, endingOf(error, ctx.channel !== undefined));
      }
    }
    return next.forcedFullSync && next.kind === 'incremental' ? { ...next, kind: 'full' } : next;
  },
};

/** Applies the offered update, or keeps it waiting; the state unchanged without one. */
async function updateCustomization(ctx: SyncRunContext, state: SyncRunState): Promise<SyncRunState> {
  const { offered } = state;
  if (!offered || !state.active) return state;
  const prepared = preparedDevice(state);
  const { reporter } = ctx;
  const after = { local: buildLocalSchema((state.server as ServerState).schema, offered.customization), customization: offered.customization };
  const before = { local: prepared.local, customization: prepared.customization };
  const change = describeCustomizationChange(before, after);
  const onStep = ctx.connection.testHooks?.onCustomizationStep;
  const applied = await ctx.measure(
    'customization',
    () =>
      applyCustomizationUpdate(ctx.db, {
        before,
        after,
        change,
        offer: offered.offer,
        permissions: prepared.permissions,
        whoAmI: prepared.whoAmI,
        now: ctx.now(),
        ...(onStep ? { onStep } : {}),
      }),
    () => 0,
  );
  const { version, revision } = offered.offer;
  if (!applied.applied) {
    await writePendingCustomization(ctx.db, pendingOf(offered, 'uploads-failed', ctx.now()));
    reporter.warn({
      code: 'CUSTOMIZATION_UPDATE_BLOCKED',
      message: `The customization update (revision ${revision}) waits: ${applied.pendingChanges} local change${applied.pendingChanges === 1 ? ' is' : 's are'} not on the server and ${applied.syncErrors} sync error${applied.syncErrors === 1 ? '' : 's'} wait${applied.syncErrors === 1 ? 's' : ''}; resolve them and sync again`,
    });
    return { ...state, customizationUpdate: { version, revision, outcome: 'waiting' } };
  }
  const device = { local: after.local, permissions: prepared.permissions, whoAmI: prepared.whoAmI, customization: after.customization };
  ctx.local.rememberState(device);
  const needFull = new Set([...state.needFull, ...applied.needFull]);
  const forced = new Set([...state.forced].filter((entity) => after.local.entities.has(entity)));
  reporter.log(formatCustomizationChange(version, change));
  return { ...state, device, needFull, forced, customizationUpdate: { version, revision, outcome: 'applied' } };
}
