import type { StoredCommandKind, StoredDevice, StoredDeviceState } from '@fieldsync/bridge-store';
import { FieldsyncError } from '@fieldsync/model';
import { nowIso, publishFleetEvent } from '../context/api-services';
import type { RequestContext } from '../context/request-context';
import { userError } from '../errors/user-error';
import { syncToApi } from '../resolvers/device-channel-resolvers';

function clampFirst(first: number | null | undefined, fallback = 50): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > 500)
    throw new FieldsyncError('BAD_USER_INPUT', 'first must be an integer from 1 to 500', { field: 'first' });
  return first;
}

/** How each command changes the device's state right away (a wipe also ends its sessions). */
const STATE_AFTER: Partial<Record<StoredCommandKind, StoredDeviceState>> = { lock: 'locked', unlock: 'active', wipe: 'wiped' };

async function issueCommand(
  ctx: RequestContext,
  deviceId: string,
  kind: StoredCommandKind,
  parameters?: { entities?: string[]; discardLocalChanges?: boolean },
) {
  const admin = await ctx.admin();
  const { state, log } = ctx.services;
  const device = await state.devices.get(deviceId);
  if (!device) return { command: null, device: null, userErrors: [userError('deviceId', 'NOT_FOUND', `no device ${deviceId}`)] };
  if (device.state === 'wiped')
    return { command: null, device, userErrors: [userError('deviceId', 'DEVICE_WIPED', `device ${deviceId} was wiped; it takes no more commands`)] };
  if (kind === 'lock' && device.state === 'locked')
    return { command: null, device, userErrors: [userError('deviceId', 'ALREADY_LOCKED', `device ${deviceId} is already locked`)] };
  if (kind === 'unlock' && device.state !== 'locked')
    return { command: null, device, userErrors: [userError('deviceId', 'NOT_LOCKED', `device ${deviceId} is not locked`)] };
  if (parameters?.entities) {
    if (parameters.entities.length === 0)
      return { command: null, device, userErrors: [userError('entities', 'EMPTY', 'name at least one entity, or leave entities out for all')] };
    const schema = await ctx.services.backend.schema();
    const unknown = parameters.entities.find((entity) => !schema.entities.some((candidate) => candidate.name === entity));
    if (unknown)
      return {
        command: null,
        device,
        userErrors: [userError(`entities[${parameters.entities.indexOf(unknown)}]`, 'UNKNOWN_ENTITY', `no entity '${unknown}' in the CRM`)],
      };
  }
  const now = nowIso(ctx.services);
  const command = await state.commands.issue({ deviceId, kind, ...(parameters ? { parameters } : {}), issuedBy: admin.user.userName, now });
  const next = STATE_AFTER[kind];
  const updated = next ? await state.devices.setState(deviceId, next) : device;
  // A wiped device's tokens die at once because every request and refresh checks the device's state
  // (wiped is final); its refresh sessions stay on record so a refresh is told DEVICE_REVOKED, not AUTH_EXPIRED.
  log.info({ event: 'command.issued', deviceId, kind, commandId: command.id, by: admin.user.userName }, 'device command issued');
  publishFleetEvent(ctx.services, 'commandIssued', deviceId);
  return { command, device: updated, userErrors: [] };
}

/** Users, devices (a Relay connection) and device commands for admins. */
export const adminFleetResolvers = {
  Query: {
    async users(_: unknown, args: { first?: number | null; after?: string | null; search?: string | null }, ctx: RequestContext) {
      await ctx.admin();
      const first = clampFirst(args.first);
      const search = args.search ?? undefined;
      const afterUserName = args.after ? Buffer.from(args.after, 'base64url').toString('utf8') : undefined;
      const page = await ctx.services.backend.listUsers({ first, ...(afterUserName !== undefined ? { afterUserName } : {}), ...(search ? { search } : {}) });
      const cursor = (userName: string) => Buffer.from(userName, 'utf8').toString('base64url');
      const last = page.users[page.users.length - 1];
      return {
        edges: page.users.map((user) => ({ cursor: cursor(user.userName), node: user })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? cursor(last.userName) : null },
      };
    },
    async user(_: unknown, args: { id: string }, ctx: RequestContext) {
      await ctx.admin();
      return (await ctx.services.backend.user(args.id)) ?? null;
    },
    async devices(
      _: unknown,
      args: {
        first?: number | null;
        after?: string | null;
        filter?: { userId?: string | null; state?: StoredDeviceState | null; notSyncedForDays?: number | null } | null;
      },
      ctx: RequestContext,
    ) {
      await ctx.admin();
      const filter = args.filter ?? {};
      if (
        filter.notSyncedForDays !== null &&
        filter.notSyncedForDays !== undefined &&
        (!Number.isInteger(filter.notSyncedForDays) || filter.notSyncedForDays < 0)
      ) {
        throw new FieldsyncError('BAD_USER_INPUT', 'filter.notSyncedForDays must be a non-negative integer', { field: 'filter.notSyncedForDays' });
      }
      const page = await ctx.services.state.devices.list({
        now: nowIso(ctx.services),
        first: clampFirst(args.first),
        ...(args.after ? { after: args.after } : {}),
        ...(filter.userId ? { userId: filter.userId } : {}),
        ...(filter.state ? { state: filter.state } : {}),
        ...(filter.notSyncedForDays !== null && filter.notSyncedForDays !== undefined ? { notSyncedForDays: filter.notSyncedForDays } : {}),
      });
      return {
        edges: page.devices.map((device, index) => ({ cursor: page.cursors[index], node: device })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors[page.cursors.length - 1] ?? null },
        totalCount: page.totalCount,
      };
    },
    async device(_: unknown, args: { deviceId: string }, ctx: RequestContext) {
      await ctx.admin();
      return (await ctx.services.state.devices.get(args.deviceId)) ?? null;
    },
  },
  Mutation: {
    lockDevice: (_: unknown, args: { deviceId: string }, ctx: RequestContext) => issueCommand(ctx, args.deviceId, 'lock'),
    unlockDevice: (_: unknown, args: { deviceId: string }, ctx: RequestContext) => issueCommand(ctx, args.deviceId, 'unlock'),
    wipeDevice: (_: unknown, args: { deviceId: string }, ctx: RequestContext) => issueCommand(ctx, args.deviceId, 'wipe'),
    forceFullSync: (_: unknown, args: { deviceId: string; entities?: string[] | null; discardLocalChanges: boolean }, ctx: RequestContext) =>
      issueCommand(ctx, args.deviceId, 'forceFullSync', {
        ...(args.entities ? { entities: args.entities } : {}),
        discardLocalChanges: args.discardLocalChanges,
      }),
  },
  Device: {
    async user(device: StoredDevice, _args: unknown, ctx: RequestContext) {
      return (await ctx.services.backend.user(device.userId)) ?? { id: device.userId, userName: '(deleted user)', fullName: null, disabled: true, roles: [] };
    },
    async syncs(device: StoredDevice, args: { first?: number | null; after?: string | null }, ctx: RequestContext) {
      const page = await ctx.services.state.syncs.listByDevice(device.deviceId, {
        first: clampFirst(args.first, 20),
        ...(args.after ? { after: args.after } : {}),
      });
      return {
        edges: page.syncs.map((sync, index) => ({ cursor: page.cursors[index], node: syncToApi(sync) })),
        pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors[page.cursors.length - 1] ?? null },
      };
    },
    async logs(device: StoredDevice, args: { first?: number | null }, ctx: RequestContext) {
      const logs = await ctx.services.state.logs.listByDevice(device.deviceId, clampFirst(args.first, 10));
      return logs.map((log) => ({ ...log, bytes: Buffer.byteLength(log.text, 'utf8') }));
    },
    commands: (device: StoredDevice, _args: unknown, ctx: RequestContext) => ctx.services.state.commands.listByDevice(device.deviceId),
  },
  User: {
    devices: (user: { id: string }, _args: unknown, ctx: RequestContext) => ctx.services.state.devices.listByUser(user.id),
  },
};
