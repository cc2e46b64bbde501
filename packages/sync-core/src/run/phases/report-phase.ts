import type { DeviceChannel, DeviceControlState } from '@fieldsync/connector-api';
import { FieldsyncError } from '@fieldsync/model';
import type { SyncResult } from '../../engine/sync-result';
import { DeviceWipedError } from '../../errors/device-control-errors';
import { SyncCancelledError } from '../../errors/sync-core-errors';
import { SYSTEM_TABLES } from '../../local-store/system-tables';
import { flushApplyStamps } from '../../apply/apply-stamps';
import { reportSync } from '../../tracking/report-sync';
import { fileFiguresLogLine } from '../../attachments/sync-file-figures';
import { completeCommand } from '../complete-command';
import { effectiveRefreshMode, readRefreshModeToggle } from '../../refresh-mode/refresh-mode';
import type { SyncPhase } from '../sync-phase';
import type { SyncRunContext } from '../sync-run-context';
import type { SyncEnding } from '../sync-run-state';

/** How the sync ended, as the report states it. */
interface Outcome {
  failure?: { code: string; message: string; reason?: string };
  wiped: boolean;
  cancelled: boolean;
  uploadOnly: boolean;
}

/**
 * Report: settles how the sync ended (an administrator's wipe erases the device here; a failure or a
 * cancellation goes to the sync log), sends the sync tracking record and the log to the bridge (with a
 * channel), writes the result to the device's sync log and reports `finish`. Runs for every sync,
 * however it ended; the result is in the returned state.
 */
export const reportPhase: SyncPhase = {
  name: 'report',
  async run(ctx, state) {
    const outcome = await settle(ctx, state.ending);
    const { failure, wiped, cancelled, uploadOnly } = outcome;
    const endedAt = ctx.now();
    const durationMs = Math.round(performance.now() - ctx.started);
    const { figures, decisions } = state;
    // One line for the files of both file steps, before the log goes to the bridge.
    if (state.files) ctx.reporter.log(fileFiguresLogLine(state.files));
    if (ctx.channel) {
      const type = uploadOnly
        ? 'upload-only'
        : state.kind !== 'incremental' || (decisions.length > 0 && decisions.every((decision) => decision.mode === 'full'))
          ? 'full'
          : 'incremental';
      await reportSync(
        ctx.channel,
        {
          syncId: ctx.syncId,
          startedAt: ctx.startedAt,
          endedAt,
          durationMs,
          type,
          failed: failure !== undefined,
          cancelled,
          ...(failure ? { error: failure } : {}),
          ...figures,
          ...(state.files ? { files: state.files } : {}),
          refreshMode: effectiveRefreshMode(state.device?.customization.settings, await readRefreshModeToggle(ctx.db)),
        },
        ctx.log,
        ctx.reporter.warn,
      );
      // "Updates applied" stamps an Apply Update could not send go with the next sync.
      if (!wiped) await flushApplyStamps(ctx.db, ctx.channel);
    }
    const result: SyncResult = {
      syncId: ctx.syncId,
      result: failure ? 'failed' : ctx.warnings.length > 0 ? 'warnings' : 'ok',
      kind: state.kind,
      ...(failure ? { error: failure } : {}),
      warnings: ctx.warnings,
      ...figures,
      durationMs,
      startedAt: ctx.startedAt,
      decisions,
      entities: state.entities,
      steps: ctx.steps,
      ...(state.files ? { files: state.files } : {}),
      log: ctx.log,
      ...(wiped ? { wiped: true } : {}),
      ...(cancelled ? { cancelled: true } : {}),
      ...(state.customizationUpdate ? { customizationUpdate: state.customizationUpdate } : {}),
      ...(state.forcedFullSync ? { forcedFullSync: state.forcedFullSync } : {}),
      ...(state.stagedUpdate && !failure ? { updatesAvailable: { receivedAt: state.stagedUpdate.receivedAt, counts: state.stagedUpdate.counts } } : {}),
    };
    if (ctx.logRowId !== undefined && !wiped) {
      await ctx.db
        .updateTable(SYSTEM_TABLES.log)
        .set({ ended_at: endedAt, result: result.result, summary: JSON.stringify(result), lines: ctx.log.join('\n') })
        .where('id', '=', ctx.logRowId)
        .execute()
        .catch(() => undefined);
    }
    ctx.reporter.progress({ step: 'finish', done: 1, total: 1 });
    return { ...state, result };
  },
};

/** Carries out the ending: the wipe, or the failure's log line. */
async function settle(ctx: SyncRunContext, ending: SyncEnding | undefined): Promise<Outcome> {
  if (!ending) return { wiped: false, cancelled: false, uploadOnly: false };
  if (ending.kind === 'upload-only') return { wiped: false, cancelled: false, uploadOnly: true };
  if (ending.kind === 'wiped') {
    const failure = await wipeByOrder(ctx, ctx.channel as DeviceChannel, ending.control);
    return { failure, wiped: true, cancelled: false, uploadOnly: false };
  }
  const { error } = ending;
  const uploadOnly = ending.uploadOnly === true;
  if (error instanceof SyncCancelledError) {
    ctx.reporter.log('<SyncCancelled />');
    return { failure: { code: error.code, message: error.message }, wiped: false, cancelled: true, uploadOnly };
  }
  const failure = FieldsyncError.is(error)
    ? { code: error.code, message: error.message, ...(typeof error.details?.reason === 'string' ? { reason: error.details.reason } : {}) }
    : { code: 'UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
  ctx.reporter.log(`<SyncFailed Code="${failure.code}" Message="${failure.message.replace(/"/g, "'")}" />`);
  return { failure, wiped: false, cancelled: false, uploadOnly };
}

/**
 * Erases the device on the administrator's order (or because the bridge revoked it) and reports the
 * wipe commands done when the channel still answers. Returns the sync's failure.
 */
async function wipeByOrder(ctx: SyncRunContext, channel: DeviceChannel, control: DeviceControlState | undefined): Promise<{ code: string; message: string }> {
  await ctx.local.wipeData();
  ctx.reporter.log('<DeviceWiped />');
  for (const command of control?.pendingCommands ?? []) {
    if (command.kind === 'wipe') await completeCommand(channel, command.id, ctx.reporter);
  }
  const error = new DeviceWipedError();
  return { code: error.code, message: error.message };
}
