import type { CommandContext } from '../cli/command-context';
import { DeviceCommandRefusedError, DeviceNotFoundError, WipeNotConfirmedError } from '../errors/admin-errors';
import { AdminClient } from './admin-client';
import { deviceCommandRequest, type DeviceCommandMutation } from './admin-operations';
import { adminSessionPath } from './admin-session-file';

/** The options every device command takes. */
export interface AdminDeviceCommandOptions {
  readonly session?: string;
  readonly json?: boolean;
  /** `wipe`: do not ask. */
  readonly yes?: boolean;
  /** `force-full-sync`: the entities to download again (all when none). */
  readonly entity?: readonly string[];
  /** `force-full-sync`: drop the device's pending changes. */
  readonly discardLocalChanges?: boolean;
}

const WHAT: Record<DeviceCommandMutation, string> = {
  lockDevice: 'Lock',
  unlockDevice: 'Unlock',
  wipeDevice: 'Wipe',
  forceFullSync: 'Forced full sync',
};

/**
 * Issues a device command (lock, unlock, wipe, forced full sync) through the admin API; the device
 * obeys at its next contact. A wipe is confirmed first: `--yes`, or the device id typed on the terminal.
 */
export async function runAdminDeviceCommand(
  mutation: DeviceCommandMutation,
  deviceId: string,
  options: AdminDeviceCommandOptions,
  context: CommandContext,
): Promise<void> {
  if (mutation === 'wipeDevice' && !options.yes) await confirmWipe(deviceId, context);
  const client = AdminClient.open(adminSessionPath(options.session, context.io.cwd));
  let payload: {
    command: { id: string; kind: string; status: string; issuedAt: string } | null;
    userErrors: { field?: string; message: string; code: string }[];
  };
  try {
    const force = mutation === 'forceFullSync' ? { entities: options.entity, discardLocalChanges: options.discardLocalChanges === true } : undefined;
    const data = await client.request(deviceCommandRequest(mutation, deviceId, force));
    payload = data[mutation] as typeof payload;
  } finally {
    await client.close();
  }
  const [first] = payload.userErrors;
  if (first?.code === 'NOT_FOUND' && first.field === 'deviceId') throw new DeviceNotFoundError(deviceId);
  if (first) throw new DeviceCommandRefusedError(mutation, deviceId, first.code, first.message, first.field);
  if (!payload.command) throw new Error(`${mutation}: the bridge answered neither a command nor user errors`);
  if (options.json) {
    context.printer.line(JSON.stringify({ deviceId, command: payload.command }, null, 2));
    return;
  }
  context.printer.line(
    `${WHAT[mutation]} issued to device ${deviceId} (command ${payload.command.id}, ${payload.command.status}); it applies at the device's next contact.`,
  );
}

async function confirmWipe(deviceId: string, context: CommandContext): Promise<void> {
  const ask = context.io.promptLine;
  if (!ask) throw new WipeNotConfirmedError(deviceId, 'standard input is not a terminal to confirm on');
  let typed: string;
  try {
    typed = await ask(`Wiping erases the device's data and signs it out. Type the device id (${deviceId}) to wipe it: `);
  } catch (error) {
    throw new WipeNotConfirmedError(deviceId, `the prompt ended (${(error as Error).message})`);
  }
  if (typed.trim() !== deviceId) throw new WipeNotConfirmedError(deviceId, `'${typed.trim()}' was typed, not the device id`);
}
