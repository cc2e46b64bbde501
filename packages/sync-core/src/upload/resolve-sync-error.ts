import { normalizeFieldValues, recordToRow, rowToFields, validateFieldValues, type Clock, type EntitySchema, type FieldValues } from '@fieldsync/model';
import { appendChange, readChanges, removeChanges, setRecordChangesState } from '../changes/change-log';
import { LocalValidationError } from '../errors/sync-core-errors';
import { applyServerRecord, dropShadow, readShadow } from '../local-store/apply-server-record';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES, VERSION_COLUMN } from '../local-store/system-tables';
import type { SyncErrorEntry } from './sync-error-store';

/** How a sync error is resolved: keep the device's change, take the server's record, or store a merge of both. */
export type SyncErrorResolution = 'local' | 'server' | { readonly merged: FieldValues };

/**
 * Checks a merged record before anything changes: its fields must fit the entity, and the primary key
 * and read-only fields cannot be set. Throws `LocalValidationError` with every problem.
 */
export function checkMerged(schema: EntitySchema, merged: FieldValues): FieldValues {
  const issues = validateFieldValues(schema, merged, { mode: 'update', path: 'merged' });
  if (Object.prototype.hasOwnProperty.call(merged, schema.primaryKey))
    issues.push({ path: `merged.${schema.primaryKey}`, message: 'the primary key cannot be changed' });
  if (issues.length > 0) throw new LocalValidationError(schema.name, issues);
  return normalizeFieldValues(schema, merged);
}

/**
 * Resolves one sync error in the caller's transaction. `server`: the device's changes are dropped and
 * the record goes back to the server's version (or to its last synced state, or away when the server
 * never had it). `local`: the held changes go up again with the next sync, over the version the user
 * saw (a record deleted on the server is created again). `{ merged }`: the merged fields replace the
 * device's changes and go up over the server's version.
 */
export async function resolveSyncError(
  trx: LocalExecutor,
  input: { entry: SyncErrorEntry; schema: EntitySchema | undefined; resolution: SyncErrorResolution; clock: Clock },
): Promise<void> {
  const { entry, schema, resolution } = input;
  const changes = await readChanges(trx, { entity: entry.entity, recordId: entry.recordId });
  const seqs = changes.map((change) => change.seq);
  const server = entry.serverRecord;
  const now = input.clock.now();
  if (schema && resolution === 'server') {
    await removeChanges(trx, seqs);
    const shadow = await readShadow(trx, entry.entity, entry.recordId);
    if (server) await applyServerRecord(trx, schema, server);
    else if (entry.kind === 'deleted-on-server') await trx.deleteFrom(entry.entity).where(schema.primaryKey, '=', entry.recordId).execute();
    else if (shadow)
      await applyServerRecord(trx, schema, {
        entity: entry.entity,
        id: entry.recordId,
        ...(shadow.version ? { version: shadow.version } : {}),
        fields: shadow.fields,
      });
    else if (changes.some((change) => change.kind === 'create')) await trx.deleteFrom(entry.entity).where(schema.primaryKey, '=', entry.recordId).execute();
    await dropShadow(trx, entry.entity, entry.recordId);
  } else if (schema) {
    if (typeof resolution === 'object') {
      const merged = checkMerged(schema, resolution.merged);
      await removeChanges(trx, seqs);
      await trx.updateTable(entry.entity).set(recordToRow(schema, merged)).where(schema.primaryKey, '=', entry.recordId).execute();
      await appendChange(trx, { entity: entry.entity, recordId: entry.recordId, kind: 'update', fields: merged, now });
    }
    await setRecordChangesState(trx, entry.entity, entry.recordId, 'pending');
    if (server?.version) {
      // The change now goes up over the version the user saw.
      await trx
        .updateTable(entry.entity)
        .set({ [VERSION_COLUMN]: server.version })
        .where(schema.primaryKey, '=', entry.recordId)
        .execute();
      await trx
        .updateTable(SYSTEM_TABLES.shadow)
        .set({ version: server.version, fields: JSON.stringify(server.fields) })
        .where('entity', '=', entry.entity)
        .where('record_id', '=', entry.recordId)
        .execute();
    }
    if (entry.kind === 'deleted-on-server') {
      // The record is gone on the server: keeping the device's version means creating it again.
      const row = await trx.selectFrom(entry.entity).selectAll().where(schema.primaryKey, '=', entry.recordId).executeTakeFirst();
      if (row) {
        await removeChanges(
          trx,
          (await readChanges(trx, { entity: entry.entity, recordId: entry.recordId })).map((change) => change.seq),
        );
        await trx
          .updateTable(entry.entity)
          .set({ [VERSION_COLUMN]: null })
          .where(schema.primaryKey, '=', entry.recordId)
          .execute();
        const writable = new Set(schema.fields.filter((field) => !field.readOnly && field.name !== schema.primaryKey).map((field) => field.name));
        const fields = Object.fromEntries(Object.entries(rowToFields(schema, row)).filter(([name]) => writable.has(name)));
        await appendChange(trx, { entity: entry.entity, recordId: entry.recordId, kind: 'create', fields, now });
        await dropShadow(trx, entry.entity, entry.recordId);
      }
    }
  }
  await trx.deleteFrom(SYSTEM_TABLES.error).where('id', '=', entry.id).execute();
}
