import { CompiledQuery } from 'kysely';
import { columnsOf, type EntitySchema } from '@fieldsync/model';
import { tableColumns } from '../download/upsert-records';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES, VERSION_COLUMN } from '../local-store/system-tables';

/** Ids per statement of the rebase. */
const CHUNK = 400;

/** How one record's queued changes meet the staged server row. */
interface QueuedRecord {
  /** A create, association or disassociation: the device's row is the record, whatever the server staged. */
  wholesale: boolean;
  /** The columns the queued updates and state changes set: the device's values win there. */
  columns: Set<string>;
}

/** What {@link rebaseLocalEdits} did to one entity's stage. */
export interface RebaseFigures {
  /** Records whose staged row took the device's changed fields (both sides changed the record). */
  readonly merged: number;
  /** Records the device's row replaced wholesale in the stage (created, touched, or gone on the server). */
  readonly kept: number;
  /** Staged rows dropped because the device deleted the record (it stays deleted). */
  readonly keptDeleted: number;
}

/**
 * Rebases the device's edits onto an entity's staged download, in the stage, for the records `ids`
 * (the caller's transaction). For each record with queued changes: the device deleted it, so the staged
 * row goes; it created it (or the server staged nothing for it), so the device's row goes in; it
 * updated it, so the staged server row takes the device's values for the fields the queued changes set
 * (a field-level merge, as the upload's FieldMerge) and keeps the device's version, so the upload still
 * meets the server's change and applies the entity's conflict policy. A record written live since the
 * stage began without a queued change (an upload's answer arrived) keeps its live row, newer than
 * anything staged. The change log is not touched: every edit stays queued. Rebasing a record again is
 * harmless: it is computed from the live row and the queue each time.
 */
export async function rebaseRecords(trx: LocalExecutor, schema: EntitySchema, stage: string, ids: readonly string[]): Promise<RebaseFigures> {
  const figures = { merged: 0, kept: 0, keptDeleted: 0 };
  if (ids.length === 0) return figures;
  const columns = tableColumns(schema);
  const key = schema.primaryKey;
  for (let start = 0; start < ids.length; start += CHUNK) {
    const chunk = ids.slice(start, start + CHUNK);
    const queued = await queuedRecords(trx, schema, chunk);
    const live = await rowsById(trx, schema.name, key, chunk);
    const staged = await rowsById(trx, stage, key, chunk);
    const rows: Array<Record<string, unknown>> = [];
    for (const id of chunk) {
      const mine = live.get(id);
      const theirs = staged.get(id);
      const record = queued.get(id);
      if (!mine) {
        // Deleted on the device (queued, or already uploaded): it stays deleted.
        if (theirs) figures.keptDeleted += 1;
        continue;
      }
      if (!record || record.wholesale || !theirs) {
        rows.push(mine);
        figures.kept += 1;
        continue;
      }
      const merged: Record<string, unknown> = { ...theirs };
      for (const column of record.columns) merged[column] = mine[column];
      // The device's version: its edits are based on it, so the upload meets the server's change.
      merged[VERSION_COLUMN] = mine[VERSION_COLUMN];
      rows.push(merged);
      figures.merged += 1;
    }
    await trx.deleteFrom(stage).where(key, 'in', chunk).execute();
    await insertRows(trx, stage, columns, rows);
  }
  return figures;
}

/** Ids of the records of `entity` with queued changes. */
export async function queuedIds(db: LocalExecutor, entity: string): Promise<string[]> {
  const rows = await db.selectFrom(SYSTEM_TABLES.change).select('record_id').distinct().where('entity', '=', entity).execute();
  return rows.map((row) => String(row.record_id));
}

/** Adds `b` to `a`. */
export function addRebaseFigures(a: RebaseFigures, b: RebaseFigures): RebaseFigures {
  return { merged: a.merged + b.merged, kept: a.kept + b.kept, keptDeleted: a.keptDeleted + b.keptDeleted };
}

/** Each record among `ids` with queued changes, and the columns those changes set. */
async function queuedRecords(db: LocalExecutor, schema: EntitySchema, ids: readonly string[]): Promise<Map<string, QueuedRecord>> {
  const rows = await db
    .selectFrom(SYSTEM_TABLES.change)
    .select(['record_id', 'kind', 'fields'])
    .where('entity', '=', schema.name)
    .where('record_id', 'in', ids)
    .orderBy('seq')
    .execute();
  const stateColumns = schema.fields.filter((field) => field.type === 'state' || field.type === 'status').flatMap((field) => columnsOf(field));
  const byName = new Map(schema.fields.map((field) => [field.name, columnsOf(field)]));
  const records = new Map<string, QueuedRecord>();
  for (const row of rows) {
    const id = String(row.record_id);
    const record = records.get(id) ?? { wholesale: false, columns: new Set<string>() };
    records.set(id, record);
    const kind = row.kind as string;
    if (kind === 'update') {
      const fields = row.fields ? (JSON.parse(row.fields as string) as Record<string, unknown>) : {};
      for (const name of Object.keys(fields)) for (const column of byName.get(name) ?? []) record.columns.add(column);
    } else if (kind === 'setState') {
      for (const column of stateColumns) record.columns.add(column);
    } else if (kind !== 'delete') {
      record.wholesale = true;
    }
  }
  return records;
}

async function rowsById(db: LocalExecutor, table: string, key: string, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
  const rows = (await db.selectFrom(table).selectAll().where(key, 'in', ids).execute()) as Array<Record<string, unknown>>;
  return new Map(rows.map((row) => [String(row[key]), row]));
}

async function insertRows(db: LocalExecutor, table: string, columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  const perStatement = Math.max(1, Math.floor(30_000 / columns.length));
  const names = columns.map((column) => `"${column.replace(/"/g, '""')}"`).join(',');
  const tuple = `(${columns.map(() => '?').join(',')})`;
  for (let start = 0; start < rows.length; start += perStatement) {
    const part = rows.slice(start, start + perStatement);
    const parameters = part.flatMap((row) => columns.map((column) => row[column] ?? null));
    const text = `insert into "${table.replace(/"/g, '""')}" (${names}) values ${part.map(() => tuple).join(',')}`;
    await db.executeQuery(CompiledQuery.raw(text, parameters));
  }
}
