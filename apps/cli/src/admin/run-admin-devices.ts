import type { CommandContext } from '../cli/command-context';
import { DeviceNotFoundError } from '../errors/admin-errors';
import { InvalidOptionError } from '../errors/cli-errors';
import { AdminClient } from './admin-client';
import { deviceDetailRequest, devicesPageRequest } from './admin-operations';
import { adminSessionPath } from './admin-session-file';

/** The device states the admin API filters on. */
export const DEVICE_STATES = ['active', 'locked', 'wiped'] as const;

/** How many devices one request asks for, unless `--page-size` says otherwise. */
const PAGE_SIZE = 100;

interface DeviceRow {
  readonly deviceId: string;
  readonly name: string;
  readonly state: string;
  readonly lastSyncAt: string | null;
  readonly user: { readonly userName: string };
}

/** The options of `fieldsync admin devices list`. */
export interface AdminDevicesListOptions {
  readonly state?: string;
  /** At most this many devices (a positive integer, as typed). @default all */
  readonly first?: string;
  /** Devices per request (a positive integer, as typed). @default 100 */
  readonly pageSize?: string;
  readonly session?: string;
  readonly json?: boolean;
}

/** Lists the fleet, paging through the `devices` connection until `--first` devices or the end. */
export async function runAdminDevicesList(options: AdminDevicesListOptions, context: CommandContext): Promise<void> {
  const limit = options.first === undefined ? Number.POSITIVE_INFINITY : Number(options.first);
  if (!Number.isInteger(limit) && limit !== Number.POSITIVE_INFINITY) throw new InvalidOptionError('--first', `'${options.first}' is not a whole number`);
  if (limit < 1) throw new InvalidOptionError('--first', 'must be at least 1');
  const pageSize = options.pageSize === undefined ? PAGE_SIZE : Number(options.pageSize);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new InvalidOptionError('--page-size', `'${options.pageSize}' is not a whole number of at least 1`);
  const client = AdminClient.open(adminSessionPath(options.session, context.io.cwd));
  const devices: DeviceRow[] = [];
  let totalCount = 0;
  try {
    let after: string | undefined;
    for (;;) {
      const data = await client.request(devicesPageRequest(Math.min(pageSize, limit - devices.length), after, options.state));
      const page = data.devices as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: DeviceRow }[] };
      totalCount = page.totalCount;
      devices.push(...page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null || devices.length >= limit) break;
      after = page.pageInfo.endCursor;
    }
  } finally {
    await client.close();
  }
  if (options.json) {
    context.printer.line(JSON.stringify({ totalCount, devices }, null, 2));
    return;
  }
  context.printer.table(
    ['DEVICE', 'USER', 'NAME', 'STATE', 'LAST SYNC'],
    devices.map((device) => [device.deviceId, device.user.userName, device.name, device.state, device.lastSyncAt ?? 'never']),
  );
  context.printer.line(`${devices.length} of ${totalCount} device(s)${options.state ? ` ${options.state}` : ''}.`);
}

interface DeviceDetail extends DeviceRow {
  readonly os: string;
  readonly appVersion: string;
  readonly registeredAt: string;
  readonly lastSeenAt: string | null;
  readonly syncs: { edges: { node: Record<string, unknown> }[] };
  readonly commands: { id: string; kind: string; status: string; issuedAt: string; issuedBy: string; message: string | null }[];
}

/** Shows one device: its identity and state, its recent syncs (up to 10) and its commands. */
export async function runAdminDevicesShow(
  deviceId: string,
  options: { readonly session?: string; readonly json?: boolean },
  context: CommandContext,
): Promise<void> {
  const client = AdminClient.open(adminSessionPath(options.session, context.io.cwd));
  let device: DeviceDetail | null;
  try {
    device = (await client.request(deviceDetailRequest(deviceId, 10))).device as DeviceDetail | null;
  } finally {
    await client.close();
  }
  if (!device) throw new DeviceNotFoundError(deviceId);
  const syncs = device.syncs.edges.map((edge) => edge.node);
  if (options.json) {
    context.printer.line(JSON.stringify({ ...device, syncs }, null, 2));
    return;
  }
  const { printer } = context;
  printer.line(`Device    ${device.deviceId}  ${device.name}`);
  printer.line(`User      ${device.user.userName}`);
  printer.line(`State     ${device.state}`);
  printer.line(`App       ${device.appVersion} on ${device.os}`);
  printer.line(`Seen      registered ${device.registeredAt}, last seen ${device.lastSeenAt ?? 'never'}, last sync ${device.lastSyncAt ?? 'never'}`);
  printer.line();
  printer.line('Recent syncs:');
  printer.table(
    ['ENDED', 'TYPE', 'MODE', 'RESULT', 'UPLOADS', 'DOWNLOADED'],
    syncs.map((sync) => [
      String(sync.endedAt ?? sync.startedAt ?? ''),
      String(sync.type),
      // The Refresh Mode the device reported (GraphQL's non_blocking); '-' from a device that did not.
      typeof sync.refreshMode === 'string' ? sync.refreshMode.replace('_', '-') : '-',
      sync.success ? 'ok' : sync.cancelled ? 'cancelled' : `failed${sync.error ? `: ${String(sync.error)}` : ''}`,
      Number(sync.uploads ?? 0),
      Number(sync.downloaded ?? 0),
    ]),
  );
  printer.line();
  printer.line('Commands:');
  printer.table(
    ['ISSUED', 'KIND', 'STATUS', 'BY', 'MESSAGE'],
    device.commands.map((command) => [command.issuedAt, command.kind, command.status, command.issuedBy, command.message ?? '']),
  );
}
