import { orderParentsFirst } from '@fieldsync/model';
import { runAnalyze } from '../../download/run-analyze';
import type { SyncPhase } from '../sync-phase';
import { preparedDevice } from '../sync-run-state';

/**
 * Analyze (the sync analyzer): per entity the user may read and that is not upload-only, parents first,
 * incremental vs full vs skip, by counting.
 */
export const analyzePhase: SyncPhase = {
  name: 'analyze',
  async run(ctx, state) {
    const { local, permissions, customization } = preparedDevice(state);
    const order = orderParentsFirst(local.schema, [...local.entities.keys()]).filter((name) => {
      const entity = local.entities.get(name);
      if (!entity || entity.config.uploadOnly) return false;
      // Entities the user may not read are not downloaded.
      return (permissions.entities[name]?.read ?? 'none') !== 'none';
    });
    // The plan counted before the upload: its counts hold when nothing was sent (as the re-check reasons).
    const { uploaded, errors, conflicts } = state.figures;
    const counter = state.planned && uploaded + errors + conflicts === 0 ? state.planned : ctx.connector;
    const decisions = await ctx.measure(
      'analyze',
      () =>
        runAnalyze({
          db: ctx.db,
          connector: counter,
          local,
          settings: customization.settings,
          reporter: ctx.reporter,
          order,
          forced: state.forced,
          schemaChanged: state.needFull,
        }),
      (value) => value.length,
    );
    return { ...state, order, decisions };
  },
};
