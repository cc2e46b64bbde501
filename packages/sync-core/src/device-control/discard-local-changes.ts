import { readChanges, removeChanges } from '../changes/change-log';
import { applyServerRecord, dropShadow, readShadow } from '../local-store/apply-server-record';
import type { LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { SYSTEM_TABLES } from '../local-store/system-tables';

/** Change-log rows read at once. */
const DISCARD_PAGE_SIZE = 1_000;

/**
 * Drops the local changes not yet on the server, of the entities named (all when absent), in the
 * caller's transaction, and puts their records back as last synced: from the kept shadow when there
 * is one (an edited or deleted record), removed when the device created it (a record or an N:N link);
 * any other record is rewritten by the full download that follows. Their sync errors go too.
 * Returns the number of changes dropped.
 */
export async function discardLocalChanges(trx: LocalExecutor, local: LocalSchema, entities?: ReadonlySet<string>): Promise<number> {
  let dropped = 0;
  // Records already put back: the log is read in pages, oldest first, so a record's first change comes first.
  const done = new Set<string>();
  let afterSeq = 0;
  for (;;) {
    const page = await readChanges(trx, { afterSeq, limit: DISCARD_PAGE_SIZE });
    if (page.length === 0) break;
    afterSeq = page[page.length - 1].seq;
    const changes = page.filter((change) => entities === undefined || entities.has(change.entity));
    for (const change of changes) {
      const { entity, recordId } = change;
      const key = `${entity}\u0000${recordId}`;
      if (done.has(key)) continue;
      done.add(key);
      const schema = local.entities.get(entity)?.schema;
      if (schema) {
        const shadow = await readShadow(trx, entity, recordId);
        if (shadow) {
          await applyServerRecord(trx, schema, { entity, id: recordId, ...(shadow.version ? { version: shadow.version } : {}), fields: shadow.fields });
        } else if (change.kind === 'create' || change.kind === 'associate') {
          await trx.deleteFrom(entity).where(schema.primaryKey, '=', recordId).execute();
        }
      }
      await dropShadow(trx, entity, recordId);
      await trx.deleteFrom(SYSTEM_TABLES.error).where('entity', '=', entity).where('record_id', '=', recordId).execute();
    }
    await removeChanges(
      trx,
      changes.map((change) => change.seq),
    );
    dropped += changes.length;
  }
  return dropped;
}
