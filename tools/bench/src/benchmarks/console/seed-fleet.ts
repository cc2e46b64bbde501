import { performance } from 'node:perf_hooks';
import { openBridgeStore, type BridgeStore, type StoredSync } from '@fieldsync/bridge-store';
import { openCrmStore } from '@fieldsync/crm-store';
import { fieldRepName, seedFieldReps } from '../bridge/seed-field-reps';

/** The console's administrator in the benchmark CRM (role `System Administrator`, the bridge's default admin role). */
export const FLEET_ADMIN = { userName: 'fleet-admin', password: 'bench-admin' } as const;

/** One seeded device, as the benchmark needs to know it. */
export interface SeededDevice {
  readonly deviceId: string;
  readonly userName: string;
  readonly state: 'active' | 'locked' | 'wiped';
}

/** What {@link seedFleet} made: the devices in the order of the fleet connection (by device id), and how long it took. */
export interface SeededFleet {
  readonly devices: readonly SeededDevice[];
  readonly users: number;
  readonly syncs: number;
  readonly commands: number;
  readonly ms: number;
}

const OS = ['Android 15', 'Android 14', 'Android 13', 'iOS 18.2', 'iOS 17.6', 'iPadOS 18.1', 'Windows 11'];
const APP_VERSIONS = ['1.4.1', '1.4.0', '1.3.2', '1.2.0'];
const MODELS = ['Pixel 9', 'Galaxy S24', 'Galaxy Tab S9', 'iPhone 15', 'iPhone 13', 'iPad Air', 'Surface Go 4'];
const DAY_MS = 86_400_000;
/** Devices seeded at once: each one's calls are in order, the store serialises the statements. */
const DEVICES_AT_ONCE = 16;

/** A small deterministic generator (mulberry32), so every run seeds the same fleet. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A random (version 4 shaped) device id, as an app's installation id is. */
function deviceIdOf(next: () => number): string {
  const hex = (digits: number) =>
    Array.from({ length: digits }, () =>
      Math.floor(next() * 16)
        .toString(16)
        .toLowerCase(),
    ).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)]}${hex(3)}-${hex(12)}`;
}

const pick = <T>(next: () => number, values: readonly T[]): T => values[Math.floor(next() * values.length)];

/** Seeds one device through the bridge store's own API, in the order a real device and admin make the calls. */
async function seedDevice(
  store: BridgeStore,
  next: () => number,
  device: SeededDevice,
  userId: string,
  now: number,
): Promise<{ syncs: number; commands: number }> {
  const registeredAt = now - (30 + next() * 170) * DAY_MS;
  const os = pick(next, OS);
  await store.devices.register({
    deviceId: device.deviceId,
    userId,
    name: `${pick(next, MODELS)} of ${device.userName}`,
    os,
    appVersion: pick(next, APP_VERSIONS),
    now: new Date(registeredAt).toISOString(),
  });
  await store.devices.touch(device.deviceId, { lastSeenAt: new Date(registeredAt).toISOString() });
  // 5% never synced; the others 1 to 3 syncs, the last one between minutes and 60 days ago.
  const syncCount = next() < 0.05 ? 0 : 1 + Math.floor(next() * 3);
  let at = now - next() * 60 * DAY_MS;
  const times: number[] = [];
  for (let i = 0; i < syncCount; i++, at -= (0.5 + next() * 3) * DAY_MS) times.unshift(Math.max(registeredAt + 60_000, at));
  for (const [index, startedAt] of times.entries()) {
    const roll = next();
    const result: Pick<StoredSync, 'success' | 'cancelled' | 'error'> =
      roll < 0.85
        ? { success: true, cancelled: false }
        : roll < 0.95
          ? { success: false, cancelled: false, error: 'NETWORK: the bridge did not answer in 30 s' }
          : { success: false, cancelled: true };
    const durationMs = Math.round(2_000 + next() * 60_000);
    const endedAt = startedAt + durationMs;
    await store.syncs.record({
      syncId: `${device.deviceId.slice(0, 8)}-sync-${index + 1}`,
      deviceId: device.deviceId,
      userId,
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(endedAt).toISOString(),
      durationMs,
      type: index === 0 ? 'full' : 'incremental',
      ...result,
      uploads: Math.floor(next() * 40),
      uploadErrors: 0,
      retries: result.success ? 0 : 1,
      downloaded: index === 0 ? 500 + Math.floor(next() * 5_000) : Math.floor(next() * 200),
      refreshMode: 'blocking',
    });
    await store.devices.touch(device.deviceId, { lastSeenAt: new Date(endedAt).toISOString() });
  }
  let commands = 0;
  const issuedAt = new Date(now - next() * 5 * DAY_MS).toISOString();
  if (device.state !== 'active') {
    // As `lockDevice` / `wipeDevice` do: the command, then the state.
    const kind = device.state === 'locked' ? 'lock' : 'wipe';
    const command = await store.commands.issue({ deviceId: device.deviceId, kind, issuedBy: FLEET_ADMIN.userName, now: issuedAt });
    await store.devices.setState(device.deviceId, device.state);
    commands++;
    // Most have heard it and said so; the rest still have it pending (the console's "pending commands").
    if (next() < 0.7) {
      await store.commands.markDelivered([command.id], issuedAt);
      await store.commands.complete(command.id, { ok: true, now: issuedAt });
    }
  } else if (next() < 0.04) {
    await store.commands.issue({
      deviceId: device.deviceId,
      kind: 'forceFullSync',
      parameters: { discardLocalChanges: false },
      issuedBy: FLEET_ADMIN.userName,
      now: issuedAt,
    });
    commands++;
  }
  return { syncs: syncCount, commands };
}

/**
 * Creates the benchmark CRM (`users` field reps with the password of `seedFieldReps`, and
 * {@link FLEET_ADMIN}) and a bridge store at `bridgeUrl` holding `devices` devices, spread over the
 * reps, through the bridge store's own API (register, touch, syncs.record, commands.issue, setState:
 * what registrations, sync reports and admin commands store): several OS and app versions, 90% active,
 * 7% locked, 3% wiped, 0–3 tracked syncs each (85% ok, 10% failed, 5% cancelled) whose last one is up
 * to 60 days old, and some pending commands. Deterministic: the same arguments seed the same fleet.
 */
export async function seedFleet(crmFile: string, bridgeUrl: string, devices: number, users: number): Promise<SeededFleet> {
  const started = performance.now();
  await seedFieldReps(crmFile, users, 0);
  const crm = await openCrmStore({ file: crmFile });
  const userIds: string[] = [];
  try {
    const unit = await crm.createBusinessUnit({ name: 'head office' });
    const role = await crm.createSecurityRole({ name: 'System Administrator', privileges: {} });
    const admin = await crm.createUser({ userName: FLEET_ADMIN.userName, fullName: 'Fleet Admin', password: FLEET_ADMIN.password, businessUnitId: unit });
    await crm.assignRole(admin, role);
    for (let index = 0; index < users; index++) {
      const user = await crm.findUserByName(fieldRepName(index));
      if (!user) throw new Error(`the seeded CRM has no user ${fieldRepName(index)}`);
      userIds.push(user.id);
    }
  } finally {
    await crm.close();
  }
  const next = random(15);
  const planned: Array<SeededDevice & { readonly rep: number }> = Array.from({ length: devices }, () => {
    const roll = next();
    const rep = Math.floor(next() * users);
    return { deviceId: deviceIdOf(next), userName: fieldRepName(rep), rep, state: roll < 0.9 ? 'active' : roll < 0.97 ? 'locked' : 'wiped' };
  });
  const store = await openBridgeStore({ url: bridgeUrl });
  let syncs = 0;
  let commands = 0;
  try {
    const now = Date.now();
    for (let first = 0; first < planned.length; first += DEVICES_AT_ONCE) {
      const batch = planned.slice(first, first + DEVICES_AT_ONCE);
      // Each device draws from a generator of its own, so the batch's interleaving does not change the fleet.
      const counts = await Promise.all(batch.map((device, i) => seedDevice(store, random(first + i + 1), device, userIds[device.rep], now)));
      for (const count of counts) {
        syncs += count.syncs;
        commands += count.commands;
      }
    }
  } finally {
    await store.close();
  }
  const ordered = planned.map(({ deviceId, userName, state }) => ({ deviceId, userName, state })).sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));
  return { devices: ordered, users, syncs, commands, ms: performance.now() - started };
}
