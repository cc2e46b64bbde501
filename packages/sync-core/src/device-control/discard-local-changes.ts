import { readChanges, removeChanges } from '../changes/change-log';
import { applyServerRecord, dropShadow, readShadow } from '../local-store/apply-server-record';
import type { LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { SYSTEM_TABLES } from '../local-store/system-tables';

/**
 * Drops the local changes not yet on the server, of the entities named (all when absent), in the
 * caller's transaction, and puts their records back as last synced: from the kept shadow when there
 * is one (an edited or deleted record), removed when the device created it (a record or an N:N link);
 * any other record is rewritten by the full download that follows. Their sync errors go too.
 * Returns the number of changes dropped.
 */
export async function discardLocalChanges(trx: LocalExecutor, local: LocalSchema, entities?: ReadonlySet<string>): Promise<number> {
  const changes = (await readChanges(trx)).filter((change) => entities === undefined || entities.has(change.entity));
  const byRecord = new Map<string, typeof changes>();
  for (const change of changes) {
    const key = `${change.entity}\u0000${change.recordId}`;
    byRecord.set(key, [...(byRecord.get(key) ?? []), change]);
  }
  for (const recordChanges of byRecord.values()) {
    const { entity, recordId } = recordChanges[0];
    const schema = local.entities.get(entity)?.schema;
    if (schema) {
      const shadow = await readShadow(trx, entity, recordId);
      const first = recordChanges[0].kind;
      if (shadow) {
        await applyServerRecord(trx, schema, { entity, id: recordId, ...(shadow.version ? { version: shadow.version } : {}), fields: shadow.fields });
      } else if (first === 'create' || first === 'associate') {
        await trx.deleteFrom(entity).where(schema.primaryKey, '=', recordId).execute();
      }
    }
    await dropShadow(trx, entity, recordId);
    await trx.deleteFrom(SYSTEM_TABLES.error).where('entity', '=', entity).where('record_id', '=', recordId).execute();
  }
  await removeChanges(trx, changes.map((change) => change.seq));
  return changes.length;
}
