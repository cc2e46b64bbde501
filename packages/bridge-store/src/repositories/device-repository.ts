import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { DeviceListQuery, DevicePage, DeviceRepository, StoredDevice, StoredDeviceState } from '../api/bridge-store';
import type { BridgeDatabase, DeviceTable } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { toCount } from '../database/row-count';
import { BridgeStoreError } from '../errors/bridge-store-error';
import { decodeCursor, encodeCursor } from '../paging/cursor';
import { pageSize } from '../paging/page-size';

const DEVICE_STATES: readonly StoredDeviceState[] = ['active', 'locked', 'wiped'];
const DAY_MS = 86_400_000;

/** {@link DeviceRepository} over `bridge_device`. */
export class KyselyDeviceRepository implements DeviceRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async register(input: { deviceId: string; userId: string; name: string; os: string; appVersion: string; now: string }): Promise<StoredDevice> {
    const now = canonicalTime(input.now, 'now');
    return this.db.transaction().execute(async (trx) => {
      // Insert-or-nothing first: of two concurrent first registrations, the second waits for the
      // first and then sees its row, instead of failing on the key.
      const inserted = await trx
        .insertInto('bridge_device')
        .values({
          device_id: input.deviceId,
          user_id: input.userId,
          name: input.name,
          os: input.os,
          app_version: input.appVersion,
          state: 'active',
          registered_at: now,
          last_seen_at: null,
          last_sync_at: null,
        })
        .onConflict((oc) => oc.column('device_id').doNothing())
        .executeTakeFirst();
      const existing = await trx.selectFrom('bridge_device').selectAll().where('device_id', '=', input.deviceId).executeTakeFirstOrThrow();
      if (existing.state === 'wiped') throw wiped(input.deviceId);
      if (existing.user_id !== input.userId) {
        throw new BridgeStoreError('DEVICE_OWNED_BY_OTHER_USER', `device ${input.deviceId} is registered to another user`, { deviceId: input.deviceId });
      }
      if (toCount(inserted.numInsertedOrUpdatedRows) > 0) return toDevice(existing);
      const updated = await trx
        .updateTable('bridge_device')
        .set({ name: input.name, os: input.os, app_version: input.appVersion })
        .where('device_id', '=', input.deviceId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toDevice(updated);
    });
  }

  async get(deviceId: string): Promise<StoredDevice | undefined> {
    const row = await this.db.selectFrom('bridge_device').selectAll().where('device_id', '=', deviceId).executeTakeFirst();
    return row && toDevice(row);
  }

  async list(query: DeviceListQuery): Promise<DevicePage> {
    const first = pageSize(query.first);
    const filtered = this.filtered(query);
    const after = query.after === undefined ? undefined : String(decodeCursor('device', query.after, 1)[0]);
    const [rows, total] = await Promise.all([
      (after === undefined ? filtered : filtered.where('device_id', '>', after))
        .selectAll()
        .orderBy('device_id')
        .limit(first + 1)
        .execute(),
      filtered.select((eb) => eb.fn.countAll<number | string>().as('count')).executeTakeFirst(),
    ]);
    const devices = rows.slice(0, first).map(toDevice);
    return {
      devices,
      cursors: devices.map((d) => encodeCursor('device', [d.deviceId])),
      hasNextPage: rows.length > first,
      totalCount: toCount(total?.count),
    };
  }

  async setState(deviceId: string, state: StoredDeviceState): Promise<StoredDevice> {
    if (!DEVICE_STATES.includes(state)) throw new BridgeStoreError('INVALID_ARGUMENT', `state: not a device state: ${String(state)}`, { field: 'state' });
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('bridge_device').select('state').where('device_id', '=', deviceId).executeTakeFirst();
      if (!current) throw new BridgeStoreError('NOT_FOUND', `no device ${deviceId}`, { deviceId });
      if (current.state === 'wiped' && state !== 'wiped') throw wiped(deviceId);
      const row = await trx.updateTable('bridge_device').set({ state }).where('device_id', '=', deviceId).returningAll().executeTakeFirstOrThrow();
      return toDevice(row);
    });
  }

  async touch(deviceId: string, fields: { lastSeenAt?: string; lastSyncAt?: string }): Promise<void> {
    const set: { last_seen_at?: string; last_sync_at?: string } = {};
    if (fields.lastSeenAt !== undefined) set.last_seen_at = canonicalTime(fields.lastSeenAt, 'lastSeenAt');
    if (fields.lastSyncAt !== undefined) set.last_sync_at = canonicalTime(fields.lastSyncAt, 'lastSyncAt');
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable('bridge_device').set(set).where('device_id', '=', deviceId).execute();
  }

  async listByUser(userId: string): Promise<StoredDevice[]> {
    const rows = await this.db.selectFrom('bridge_device').selectAll().where('user_id', '=', userId).orderBy('device_id').execute();
    return rows.map(toDevice);
  }

  /** The devices the query's filters keep, before paging. */
  private filtered(query: DeviceListQuery): SelectQueryBuilder<BridgeDatabase, 'bridge_device', object> {
    let builder = this.db.selectFrom('bridge_device');
    if (query.userId !== undefined) builder = builder.where('user_id', '=', query.userId);
    if (query.state !== undefined) builder = builder.where('state', '=', query.state);
    if (query.notSyncedForDays !== undefined) {
      const now = new Date(canonicalTime(query.now, 'now')).getTime();
      const cutoff = new Date(now - query.notSyncedForDays * DAY_MS).toISOString();
      builder = builder.where((eb) => eb(eb.fn.coalesce('last_sync_at', 'registered_at'), '<', cutoff));
    }
    return builder;
  }
}

function wiped(deviceId: string): BridgeStoreError {
  return new BridgeStoreError('DEVICE_WIPED', `device ${deviceId} was wiped; register it under a new device id`, { deviceId });
}

function toDevice(row: Selectable<DeviceTable>): StoredDevice {
  return {
    deviceId: row.device_id,
    userId: row.user_id,
    name: row.name,
    os: row.os,
    appVersion: row.app_version,
    state: row.state as StoredDeviceState,
    registeredAt: row.registered_at,
    ...(row.last_seen_at !== null && { lastSeenAt: row.last_seen_at }),
    ...(row.last_sync_at !== null && { lastSyncAt: row.last_sync_at }),
  };
}
