import { writeForcedRun, writeLastSyncStart, readForcedRun, type ForcedFullSyncRun } from '../../device-control/device-control-store';
import { discardLocalChanges } from '../../device-control/discard-local-changes';
import { countChangesOf, entitiesOfOrder, entitiesStillForced } from '../../device-control/forced-full-sync';
import { ForcedFullSyncBlockedError } from '../../errors/device-control-errors';
import type { SyncPhase } from '../sync-phase';
import { endingOf, endRun, preparedDevice } from '../sync-run-state';

/**
 * Forced full sync: the entities the app asked for in full, and the administrator's order when one is
 * due. Local changes of its entities must be on the server first (`FORCED_FULL_SYNC_BLOCKED`), unless
 * the order discards them. The order's run is stored, so an interrupted one goes on in the next sync
 * until every entity it names was downloaded in full.
 */
export const forcedFullSyncPhase: SyncPhase = {
  name: 'forced-full-sync',
  async run(ctx, state) {
    const { db, reporter, startedAt } = ctx;
    const { local } = preparedDevice(state);
    const full = ctx.options.full;
    const forced = new Set<string>(full === true ? [...local.entities.keys()] : full ? full : []);
    let next = state;
    const order = state.due;
    if (order) {
      const entities = entitiesOfOrder(local, order.entities);
      const pending = await countChangesOf(db, entities);
      if (pending > 0 && !order.discardLocalChanges) return endRun(state, { kind: 'failed', error: new ForcedFullSyncBlockedError(pending, order.commandId) });
      const run: ForcedFullSyncRun = {
        commandId: order.commandId,
        issuedAt: order.issuedAt,
        ...(order.entities ? { entities: [...order.entities] } : {}),
        startedAt,
      };
      const discarded = await ctx.local.gate.enter((enter) =>
        db.transaction().execute(async (trx) => {
          enter();
          const dropped = order.discardLocalChanges ? await discardLocalChanges(trx, local, entities) : 0;
          await writeForcedRun(trx, run);
          await writeLastSyncStart(trx, startedAt);
          return dropped;
        }),
      );
      next = { ...next, dueUnhandled: false, forcedFullSync: { commandId: order.commandId, discardedChanges: discarded } };
      reporter.log(`<ForcedFullSync Command="${order.commandId}" Entities="${[...entities].join(',') || '-'}" Discarded="${discarded}" />`);
      if (discarded > 0)
        reporter.warn({
          code: 'LOCAL_CHANGES_DISCARDED',
          message: `${discarded} local change${discarded === 1 ? ' was' : 's were'} dropped by the full sync the administrator forced`,
        });
    }
    if (ctx.channel) {
      try {
        const forcedRun = await readForcedRun(db);
        if (forcedRun) {
          for (const entity of await entitiesStillForced(db, local, forcedRun)) forced.add(entity);
          next = { ...next, forcedRun };
        }
      } catch (error) {
        // A forced full sync that began above is kept in the report of the failed sync.
        return endRun(next, endingOf(error, true));
      }
    }
    return { ...next, forced };
  },
};
