import { isEntityReference, isReferenceType, targetColumnOf, type FieldValues } from '@fieldsync/model';
import type { LocalExecutor } from '../local-store/local-db';
import type { LocalSchema } from '../local-store/local-schema';
import { SYSTEM_TABLES } from '../local-store/system-tables';

function remapValues(fields: FieldValues, entity: string, from: string, to: string): FieldValues | undefined {
  let changed = false;
  const result: Record<string, FieldValues[string]> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (isEntityReference(value) && value.entity === entity && value.id === from) {
      result[name] = { entity, id: to };
      changed = true;
    } else {
      result[name] = value;
    }
  }
  return changed ? result : undefined;
}

/**
 * Gives a record created on the device the id the server assigned it: the row, every lookup that
 * points at it, and every queued change, kept operation, sync error and merge base that names it.
 * Runs in the transaction that stores the create's result.
 */
export async function remapRecordId(db: LocalExecutor, local: LocalSchema, entity: string, from: string, to: string): Promise<void> {
  const own = local.entities.get(entity);
  if (own)
    await db
      .updateTable(entity)
      .set({ [own.schema.primaryKey]: to })
      .where(own.schema.primaryKey, '=', from)
      .execute();
  for (const { schema } of local.entities.values()) {
    for (const field of schema.fields) {
      if (!isReferenceType(field.type) || !(field.targets ?? []).includes(entity)) continue;
      await db
        .updateTable(schema.name)
        .set({ [field.name]: to })
        .where(field.name, '=', from)
        .where(targetColumnOf(field.name), '=', entity)
        .execute();
    }
  }
  for (const table of [SYSTEM_TABLES.change, SYSTEM_TABLES.shadow, SYSTEM_TABLES.error, SYSTEM_TABLES.attachment, SYSTEM_TABLES.documentUpload]) {
    await db.updateTable(table).set({ record_id: to }).where('entity', '=', entity).where('record_id', '=', from).execute();
  }
  // Queued changes of other records may point at it; the id text can only occur inside a reference.
  const rows = await db
    .selectFrom(SYSTEM_TABLES.change)
    .select(['seq', 'fields', 'sent_op'])
    .where((eb) => eb.or([eb('fields', 'like', `%${from}%`), eb('sent_op', 'like', `%${from}%`)]))
    .execute();
  for (const row of rows) {
    const updates: Record<string, string> = {};
    if (row.fields) {
      const remapped = remapValues(JSON.parse(row.fields as string) as FieldValues, entity, from, to);
      if (remapped) updates.fields = JSON.stringify(remapped);
    }
    if (row.sent_op) {
      const operation = JSON.parse(row.sent_op as string) as { id?: string; entity: string; fields?: FieldValues };
      if (operation.entity === entity && operation.id === from) operation.id = to;
      if (operation.fields) operation.fields = remapValues(operation.fields, entity, from, to) ?? operation.fields;
      updates.sent_op = JSON.stringify(operation);
    }
    if (Object.keys(updates).length > 0) await db.updateTable(SYSTEM_TABLES.change).set(updates).where('seq', '=', row.seq).execute();
  }
}
