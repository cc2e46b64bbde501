import type { DeviceChannel, DeviceControlState, ForcedFullSync } from '@fieldsync/connector-api';
import type { LocalExecutor } from '../local-store/local-db';
import { readForcedRun, readLastForcedCommand, readLastSyncStart, writeDeviceControl } from './device-control-store';
import { isForcedFullSyncDue } from './forced-full-sync';

/** The administrator's orders as one check saw them. */
export interface DeviceControlCheck {
  readonly control: DeviceControlState;
  /** A forced full sync issued after the device's last sync started: it runs in this sync. */
  readonly due?: ForcedFullSync;
}

/**
 * Fetches the administrator's orders and stores the lock state so it is enforced offline (a `wiped`
 * state is left to the caller, which erases the device). Returns them with the forced full sync
 * that is due, if any.
 */
export async function checkDeviceControl(db: LocalExecutor, channel: Pick<DeviceChannel, 'deviceControl'>, now: string): Promise<DeviceControlCheck> {
  const control = await channel.deviceControl();
  if (control.state !== 'wiped') await writeDeviceControl(db, control.state, now);
  const lastSyncStart = await readLastSyncStart(db);
  // Ids are compared too, so a device clock running ahead of the bridge's never skips an order; an
  // order whose run is under way is continued by the engine, not begun again.
  // Whatever the clocks say (a device behind the bridge sees the order as issued after its last start).
  const running = (await readForcedRun(db))?.commandId;
  if (running !== undefined && control.forceFullSync?.commandId === running) return { control };
  const lastDone = (await readLastForcedCommand(db)) ?? (lastSyncStart === undefined ? undefined : '');
  return isForcedFullSyncDue(control.forceFullSync, lastSyncStart, lastDone) ? { control, due: control.forceFullSync } : { control };
}

/** The sync log line of a check: `<DeviceControl State="locked" ForcedFullSync="2026-01-05T09:00:00.000Z" Commands="2" />`. */
export function formatDeviceControl(check: DeviceControlCheck): string {
  const forced = check.control.forceFullSync ? ` ForcedFullSync="${check.control.forceFullSync.issuedAt}"${check.due ? ' Due="1"' : ''}` : '';
  return `<DeviceControl State="${check.control.state}"${forced} Commands="${check.control.pendingCommands.length}" />`;
}
