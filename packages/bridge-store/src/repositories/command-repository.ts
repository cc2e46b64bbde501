import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { CommandRepository, StoredCommand, StoredCommandKind, StoredCommandStatus } from '../api/bridge-store';
import type { BridgeDatabase, CommandTable } from '../database/bridge-database';
import { canonicalTime } from '../database/canonical-time';
import { fromJsonText, toJsonText } from '../database/json-text';
import { BridgeStoreError } from '../errors/bridge-store-error';

const OPEN_STATUSES: readonly StoredCommandStatus[] = ['pending', 'delivered'];

/** {@link CommandRepository} over `bridge_command`; order among commands is issue order (`seq`). */
export class KyselyCommandRepository implements CommandRepository {
  constructor(private readonly db: Kysely<BridgeDatabase>) {}

  async issue(input: {
    deviceId: string;
    kind: StoredCommandKind;
    parameters?: StoredCommand['parameters'];
    issuedBy: string;
    now: string;
  }): Promise<StoredCommand> {
    const row = await this.db
      .insertInto('bridge_command')
      .values({
        id: randomUUID(),
        device_id: input.deviceId,
        kind: input.kind,
        status: 'pending',
        parameters: input.parameters === undefined ? null : toJsonText(input.parameters, 'parameters'),
        issued_at: canonicalTime(input.now, 'now'),
        issued_by: input.issuedBy,
        delivered_at: null,
        completed_at: null,
        message: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCommand(row);
  }

  async get(id: string): Promise<StoredCommand | undefined> {
    const row = await this.db.selectFrom('bridge_command').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toCommand(row);
  }

  async listByDevice(deviceId: string): Promise<StoredCommand[]> {
    const rows = await this.db.selectFrom('bridge_command').selectAll().where('device_id', '=', deviceId).orderBy('seq', 'desc').execute();
    return rows.map(toCommand);
  }

  async open(deviceId: string): Promise<StoredCommand[]> {
    const rows = await this.db
      .selectFrom('bridge_command')
      .selectAll()
      .where('device_id', '=', deviceId)
      .where('status', 'in', OPEN_STATUSES)
      .orderBy('seq')
      .execute();
    return rows.map(toCommand);
  }

  async markDelivered(ids: readonly string[], now: string): Promise<void> {
    const deliveredAt = canonicalTime(now, 'now');
    if (ids.length === 0) return;
    await this.db
      .updateTable('bridge_command')
      .set({ status: 'delivered', delivered_at: deliveredAt })
      .where('id', 'in', ids)
      .where('status', '=', 'pending')
      .execute();
  }

  async complete(id: string, outcome: { ok: boolean; message?: string; now: string }): Promise<StoredCommand> {
    const completedAt = canonicalTime(outcome.now, 'now');
    const row = await this.db
      .updateTable('bridge_command')
      .set({ status: outcome.ok ? 'done' : 'failed', completed_at: completedAt, message: outcome.message ?? null })
      .where('id', '=', id)
      .where('status', 'in', OPEN_STATUSES)
      .returningAll()
      .executeTakeFirst();
    if (row) return toCommand(row);
    // Nothing updated: tell an unknown command from a finished one.
    const existing = await this.get(id);
    if (!existing) throw new BridgeStoreError('NOT_FOUND', `no command ${id}`, { commandId: id });
    throw new BridgeStoreError('COMMAND_NOT_OPEN', `command ${id} is already ${existing.status}`, { commandId: id, status: existing.status });
  }
}

function toCommand(row: Selectable<CommandTable>): StoredCommand {
  return {
    id: row.id,
    deviceId: row.device_id,
    kind: row.kind as StoredCommandKind,
    status: row.status as StoredCommandStatus,
    ...(row.parameters !== null && { parameters: fromJsonText(row.parameters) as StoredCommand['parameters'] }),
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
    ...(row.delivered_at !== null && { deliveredAt: row.delivered_at }),
    ...(row.completed_at !== null && { completedAt: row.completed_at }),
    ...(row.message !== null && { message: row.message }),
  };
}
