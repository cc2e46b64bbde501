import { parseCustomization, type Customization } from '@fieldsync/model';
import { applyCustomizationUpdate } from '../../customization-update/apply-customization-update';
import { clearAnchors } from '../../download/anchor-store';
import type { DeviceState } from '../../local-database/device-state';
import { readMeta, writeMeta } from '../../local-store/device-meta';
import { ensureEntityTables } from '../../local-store/entity-tables';
import { buildLocalSchema } from '../../local-store/local-schema';
import { SYSTEM_TABLES } from '../../local-store/system-tables';
import { dropStages } from '../../staging/stage-tables';
import { readStagedUpdate } from '../../staging/staged-update';
import { readStagingProgress } from '../../staging/staging-progress';
import type { OfferedUpdate } from '../offered-update';
import type { ServerSource } from '../planned-server';
import type { ServerState } from '../server-state';
import type { SyncPhase } from '../sync-phase';
import type { SyncRunContext } from '../sync-run-context';
import { endRun, type SyncRunState } from '../sync-run-state';

/** A prepared device, and the entities to download in full because their table or definition changed. */
type PreparedDevice = DeviceState & { needFull: string[] };

/**
 * Prepare: sign-in (WhoAmI), the schema and the user's permissions, and the local tables set up in one
 * transaction. A device's first customization from the channel is applied here (a background sync
 * leaves it waiting and ends after an empty upload); a reset clears the entities it names.
 */
export const preparePhase: SyncPhase = {
  name: 'prepare',
  async run(ctx, state) {
    const { offered } = state;
    if (offered && !state.active) {
      // A device's first customization: nothing to keep, nothing to upload.
      if (ctx.background) {
        ctx.reporter.warn({
          code: 'CUSTOMIZATION_UPDATE_WAITING',
          message: `A customization (revision ${offered.offer.revision}) is waiting: sync in the foreground to apply it`,
        });
        return endRun(state, { kind: 'upload-only' });
      }
      const prepared = await ctx.measure(
        'prepare',
        () => applyFirstCustomization(ctx, offered, state.server as ServerState),
        () => 0,
      );
      return {
        ...deviceOf(state, prepared),
        customizationUpdate: { version: offered.offer.version, revision: offered.offer.revision, outcome: 'applied' },
      };
    }
    const prepared = await ctx.measure(
      'prepare',
      () => prepare(ctx, state.kind === 'reset' ? ctx.options.full : undefined, state.server, state.planned),
      () => 0,
    );
    return deviceOf(state, prepared);
  },
};

/** The state with the prepared device and the entities it needs in full. */
function deviceOf(state: SyncRunState, prepared: PreparedDevice): SyncRunState {
  const { needFull, ...device } = prepared;
  return { ...state, device, needFull: new Set(needFull) };
}

/** A device's first customization from the channel: tables created and everything stored in one transaction. */
async function applyFirstCustomization(ctx: SyncRunContext, offered: OfferedUpdate, server: ServerState): Promise<PreparedDevice> {
  const after = { local: buildLocalSchema(server.schema, offered.customization), customization: offered.customization };
  const onStep = ctx.connection.testHooks?.onCustomizationStep;
  const applied = await applyCustomizationUpdate(ctx.db, {
    after,
    offer: offered.offer,
    permissions: server.permissions,
    whoAmI: server.whoAmI,
    now: ctx.now(),
    ...(onStep ? { onStep } : {}),
  });
  const device: DeviceState = { ...after, permissions: server.permissions, whoAmI: server.whoAmI };
  ctx.local.rememberState(device);
  return { ...device, needFull: applied.applied ? [...applied.needFull] : [] };
}

/**
 * Signs in, learns who the user is, what the server describes and what the user may do; sets the
 * local schema up (in one transaction: a customization the tables cannot take changes nothing).
 * A reset clears the entities named (all with `true`) but keeps records with unsent changes.
 * `server` is what this sync already fetched (with a channel, for a customization update); `planned`
 * the sync plan's answers in front of the connector.
 */
async function prepare(
  ctx: SyncRunContext,
  reset: boolean | readonly string[] | undefined,
  server: ServerState | undefined,
  planned: ServerSource | undefined,
): Promise<PreparedDevice> {
  const { db } = ctx;
  const connector = planned ?? ctx.connector;
  const whoAmI = server?.whoAmI ?? (await connector.whoAmI());
  const stored = await readMeta<Customization>(db, 'customization');
  const wanted = ctx.connection.customization ?? stored;
  const serverSchema = server?.schema ?? (await connector.describe(wanted ? wanted.entities.map((entity) => entity.entity) : undefined));
  const customization =
    wanted ?? parseCustomization({ entities: serverSchema.entities.map((entity) => ({ entity: entity.name })) }, serverSchema).customization;
  const permissions = server?.permissions ?? (await connector.permissions());
  const local = buildLocalSchema(serverSchema, customization);
  let needFull: string[] = [];
  await db.transaction().execute(async (trx) => {
    const staged = await readStagedUpdate(trx);
    // A staged sync continues the stages a cut staged sync left (decision 176); any other sync drops them.
    const resumable = ctx.options.staged === true && Object.keys(await readStagingProgress(trx)).length > 0;
    needFull = await ensureEntityTables(trx, local);
    // Staging tables left by an interrupted staged sync hold nothing the live tables need; a staged
    // update waiting for Apply Update stays unless the tables it would replace changed shape.
    if ((!staged && !resumable) || needFull.length > 0 || reset || (stored !== undefined && stored.version !== customization.version))
      await dropStages(trx, local);
    if (stored && stored.version !== customization.version) {
      // Entities whose filter or fields changed are downloaded again in full.
      for (const config of customization.entities) {
        const before = stored.entities.find((entity) => entity.entity === config.entity);
        if (!before || JSON.stringify(before.filter) !== JSON.stringify(config.filter) || JSON.stringify(before.fields) !== JSON.stringify(config.fields))
          needFull.push(config.entity);
      }
    }
    if (reset) {
      const entities = reset === true ? [...local.entities.keys()] : [...reset];
      for (const entity of entities) {
        const schema = local.entities.get(entity)?.schema;
        if (!schema) continue;
        await trx
          .deleteFrom(entity)
          .where(schema.primaryKey, 'not in', trx.selectFrom(SYSTEM_TABLES.change).select('record_id').where('entity', '=', entity))
          .execute();
      }
      await clearAnchors(trx, entities);
    }
    await writeMeta(trx, 'customization', customization);
    await writeMeta(trx, 'schema', local.schema);
    await writeMeta(trx, 'permissions', permissions);
    await writeMeta(trx, 'whoami', whoAmI);
  });
  const device: DeviceState = { local, permissions, whoAmI, customization };
  ctx.local.rememberState(device);
  return { ...device, needFull: [...new Set(needFull)] };
}
