import type { StoredCommand, StoredSync } from '@fieldsync/bridge-store';
import { FieldsyncError } from '@fieldsync/model';
import { nowIso, publishFleetEvent } from '../context/api-services';
import type { RequestContext } from '../context/request-context';
import { userError, type UserError } from '../errors/user-error';
import { offerCustomization } from '../customization/offer-customization';
import { appVersionProblem, syncIdProblem } from '../validation/input-formats';

/** Largest sync log a device may upload at once (the request body limit still applies). */
export const MAX_SYNC_LOG_BYTES = 4 * 1024 * 1024;

const SYNC_TYPES: Readonly<Record<string, StoredSync['type']>> = {
  full: 'full',
  incremental: 'incremental',
  upload_only: 'upload-only',
  apply_update: 'apply-update',
};

const REFRESH_MODES: Readonly<Record<string, NonNullable<StoredSync['refreshMode']>>> = {
  blocking: 'blocking',
  non_blocking: 'non-blocking',
};

/**
 * A stored sync in the API's shape (`upload-only` is `upload_only`, `apply-update` is `apply_update`,
 * the Refresh Mode `non-blocking` is `non_blocking` in GraphQL).
 */
export function syncToApi(sync: StoredSync) {
  return {
    ...sync,
    type: sync.type.replace('-', '_'),
    refreshMode: sync.refreshMode?.replace('-', '_') ?? null,
    files: sync.files ? { ...sync.files, attachments: sync.files.attachments ?? null, documents: sync.files.documents ?? null } : null,
  };
}

/** The current orders of a device: its state, the newest open forced full sync, the open commands. */
export function controlOf(state: string, open: readonly StoredCommand[]) {
  const forced = [...open].reverse().find((command) => command.kind === 'forceFullSync');
  return {
    state,
    forceFullSync: forced
      ? {
          commandId: forced.id,
          issuedAt: forced.issuedAt,
          entities: forced.parameters?.entities ?? null,
          discardLocalChanges: forced.parameters?.discardLocalChanges ?? false,
        }
      : null,
    pendingCommands: open,
  };
}

/** Device registration, device control, sync tracking, sync logs and the customization offer. */
export const deviceChannelResolvers = {
  Query: {
    async customization(_: unknown, args: { known?: { entities: string; settings: string; blobStoreFilter: string } | null }, ctx: RequestContext) {
      const caller = await ctx.caller();
      return offerCustomization(ctx.services, caller.user.roles, args.known ?? undefined);
    },
  },
  Mutation: {
    async registerDevice(_: unknown, args: { input: { name: string; os: string; appVersion: string } }, ctx: RequestContext) {
      const session = await ctx.deviceSession();
      const problems: UserError[] = [];
      for (const key of ['name', 'os'] as const) {
        const value = args.input[key];
        if (value.trim() === '' || value.length > 200) problems.push(userError(`input.${key}`, 'INVALID_VALUE', `${key} must be 1 to 200 characters`));
      }
      const versionProblem = appVersionProblem(args.input.appVersion);
      if (versionProblem) problems.push(userError('input.appVersion', 'INVALID_VERSION', versionProblem));
      if (problems.length > 0) return { device: null, userErrors: problems };
      try {
        const device = await ctx.services.state.devices.register({
          deviceId: session.deviceId,
          userId: session.userId,
          ...args.input,
          now: nowIso(ctx.services),
        });
        await ctx.services.state.devices.touch(device.deviceId, { lastSeenAt: nowIso(ctx.services) });
        publishFleetEvent(ctx.services, 'registered', device.deviceId);
        ctx.services.log.info(
          { event: 'device.registered', deviceId: device.deviceId, userId: session.userId, os: device.os, appVersion: device.appVersion },
          'device registered',
        );
        return { device, userErrors: [] };
      } catch (error) {
        if (FieldsyncError.is(error, 'DEVICE_OWNED_BY_OTHER_USER'))
          return { device: null, userErrors: [userError('deviceId', error.code, (error as FieldsyncError).message)] };
        throw error;
      }
    },
    async deviceControl(_: unknown, _args: unknown, ctx: RequestContext) {
      // A wiped device still learns its order (and only that one), so it can erase itself and say so.
      const { device } = await ctx.deviceEvenIfWiped();
      const { state } = ctx.services;
      const wiped = device.state === 'wiped';
      const open = (await state.commands.open(device.deviceId)).filter((command) => !wiped || command.kind === 'wipe');
      const pending = open.filter((command) => command.status === 'pending').map((command) => command.id);
      const now = nowIso(ctx.services);
      if (pending.length > 0) {
        await state.commands.markDelivered(pending, now);
        publishFleetEvent(ctx.services, 'commandDelivered', device.deviceId);
      }
      await state.devices.touch(device.deviceId, { lastSeenAt: now });
      const delivered = pending.length > 0 ? (await state.commands.open(device.deviceId)).filter((command) => !wiped || command.kind === 'wipe') : open;
      return controlOf(device.state, delivered);
    },
    async completeCommand(_: unknown, args: { id: string; ok: boolean; message?: string | null }, ctx: RequestContext) {
      const { device } = await ctx.deviceEvenIfWiped();
      const command = await ctx.services.state.commands.get(args.id);
      // A wiped device may report its wipe done, and nothing else.
      if (device.state === 'wiped' && command?.kind !== 'wipe')
        throw new FieldsyncError('DEVICE_REVOKED', 'this device was wiped by an administrator; its session has ended');
      if (!command || command.deviceId !== device.deviceId)
        return { command: null, userErrors: [userError('id', 'NOT_FOUND', `no command ${args.id} for this device`)] };
      if (args.message && args.message.length > 2000)
        return { command: null, userErrors: [userError('message', 'TOO_LONG', 'the message is longer than 2,000 characters')] };
      try {
        const done = await ctx.services.state.commands.complete(args.id, {
          ok: args.ok,
          ...(args.message ? { message: args.message } : {}),
          now: nowIso(ctx.services),
        });
        publishFleetEvent(ctx.services, 'commandCompleted', device.deviceId);
        ctx.services.log.info(
          { event: 'command.completed', deviceId: device.deviceId, commandId: done.id, kind: done.kind, ok: args.ok },
          'device command completed',
        );
        return { command: done, userErrors: [] };
      } catch (error) {
        if (FieldsyncError.is(error, 'COMMAND_NOT_OPEN'))
          return { command: null, userErrors: [userError('id', 'COMMAND_NOT_OPEN', (error as FieldsyncError).message)] };
        throw error;
      }
    },
    async reportSync(_: unknown, args: { input: Record<string, unknown> & { type: string; startedAt: string; endedAt: string } }, ctx: RequestContext) {
      const caller = await ctx.device();
      const input = args.input;
      const problems: UserError[] = [];
      for (const key of ['startedAt', 'endedAt'] as const) {
        if (Number.isNaN(Date.parse(input[key]))) problems.push(userError(`input.${key}`, 'INVALID_DATE', `${key} must be an ISO-8601 date-time`));
      }
      for (const key of ['durationMs', 'uploads', 'uploadErrors', 'retries', 'downloaded'] as const) {
        if (typeof input[key] !== 'number' || (input[key] as number) < 0) problems.push(userError(`input.${key}`, 'NEGATIVE', `${key} must not be negative`));
      }
      type Counts = { count: number; bytes: number; refused: number; queued: number };
      const files = input.files as (Counts & { attachments?: Counts | null; documents?: Counts | null }) | null | undefined;
      const checkCounts = (counts: Counts | null | undefined, at: string) => {
        for (const key of ['count', 'bytes', 'refused', 'queued'] as const) {
          if (counts && !(Number.isSafeInteger(counts[key]) && counts[key] >= 0))
            problems.push(userError(`input.${at}.${key}`, 'NEGATIVE', `${at}.${key} must be a whole number, not negative`));
        }
      };
      checkCounts(files, 'files');
      checkCounts(files?.attachments, 'files.attachments');
      checkCounts(files?.documents, 'files.documents');
      const counts = (of: Counts) => ({ count: of.count, bytes: of.bytes, refused: of.refused, queued: of.queued });
      const idProblem = syncIdProblem(input.syncId);
      if (idProblem) problems.push(userError('input.syncId', 'INVALID_VALUE', idProblem));
      if (problems.length > 0) return { sync: null, userErrors: problems };
      const stored = await ctx.services.state.syncs.record({
        syncId: input.syncId as string,
        deviceId: caller.deviceId,
        userId: caller.userId,
        startedAt: new Date(input.startedAt).toISOString(),
        endedAt: new Date(input.endedAt).toISOString(),
        durationMs: input.durationMs as number,
        type: SYNC_TYPES[input.type],
        success: input.success as boolean,
        cancelled: input.cancelled as boolean,
        uploads: input.uploads as number,
        uploadErrors: input.uploadErrors as number,
        retries: input.retries as number,
        downloaded: input.downloaded as number,
        ...(typeof input.error === 'string' ? { error: input.error.slice(0, 4000) } : {}),
        ...(typeof input.refreshMode === 'string' ? { refreshMode: REFRESH_MODES[input.refreshMode] } : {}),
        ...(files
          ? {
              files: {
                ...counts(files),
                ...(files.attachments ? { attachments: counts(files.attachments) } : {}),
                ...(files.documents ? { documents: counts(files.documents) } : {}),
              },
            }
          : {}),
      });
      publishFleetEvent(ctx.services, 'synced', caller.deviceId);
      return { sync: syncToApi(stored), userErrors: [] };
    },
    async uploadSyncLog(_: unknown, args: { syncId: string; text: string }, ctx: RequestContext) {
      const caller = await ctx.device();
      const bytes = Buffer.byteLength(args.text, 'utf8');
      if (bytes > MAX_SYNC_LOG_BYTES)
        return { log: null, userErrors: [userError('text', 'TOO_LARGE', `the log is ${bytes} bytes; at most ${MAX_SYNC_LOG_BYTES} are taken`)] };
      const idProblem = syncIdProblem(args.syncId);
      if (idProblem) return { log: null, userErrors: [userError('syncId', 'INVALID_VALUE', idProblem)] };
      const log = await ctx.services.state.logs.append({ deviceId: caller.deviceId, syncId: args.syncId, text: args.text, now: nowIso(ctx.services) });
      return { log: { ...log, bytes }, userErrors: [] };
    },
  },
};
