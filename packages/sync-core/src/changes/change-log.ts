import { randomUUID } from 'node:crypto';
import type { WriteOperation } from '@fieldsync/connector-api';
import type { FieldValues } from '@fieldsync/model';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES } from '../local-store/system-tables';
import type { ChangeKind, ChangeRow } from './change-kind';

interface RawChangeRow {
  seq: number;
  entity: string;
  record_id: string;
  kind: string;
  fields: string | null;
  idempotency_key: string;
  created_at: string;
  sent_key: string | null;
  state: string;
}

function fromRaw(row: RawChangeRow): ChangeRow {
  return {
    seq: Number(row.seq),
    entity: row.entity,
    recordId: row.record_id,
    kind: row.kind as ChangeKind,
    fields: row.fields ? (JSON.parse(row.fields) as FieldValues) : {},
    idempotencyKey: row.idempotency_key,
    createdAt: row.created_at,
    sentKey: row.sent_key,
    state: row.state as ChangeRow['state'],
  };
}

/** Appends one change and returns its sequence number; call it in the transaction that changes the record. */
export async function appendChange(
  db: LocalExecutor,
  change: { entity: string; recordId: string; kind: ChangeKind; fields?: FieldValues; now: number },
): Promise<number> {
  const row = await db
    .insertInto(SYSTEM_TABLES.change)
    .values({
      entity: change.entity,
      record_id: change.recordId,
      kind: change.kind,
      fields: change.fields ? JSON.stringify(change.fields) : null,
      idempotency_key: randomUUID(),
      created_at: new Date(change.now).toISOString(),
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

/**
 * Every change of the log up to `maxSeq` (all when absent), oldest first; `alsoSeqs` adds changes
 * after `maxSeq` by number (the ones an upload wrote back itself).
 */
export async function readChanges(
  db: LocalExecutor,
  options: { maxSeq?: number; alsoSeqs?: readonly number[]; entity?: string; recordId?: string } = {},
): Promise<ChangeRow[]> {
  let query = db.selectFrom(SYSTEM_TABLES.change).selectAll().orderBy('seq');
  const { maxSeq, alsoSeqs } = options;
  if (maxSeq !== undefined) {
    query = alsoSeqs && alsoSeqs.length > 0 ? query.where((eb) => eb.or([eb('seq', '<=', maxSeq), eb('seq', 'in', alsoSeqs)])) : query.where('seq', '<=', maxSeq);
  }
  if (options.entity !== undefined) query = query.where('entity', '=', options.entity);
  if (options.recordId !== undefined) query = query.where('record_id', '=', options.recordId);
  return ((await query.execute()) as RawChangeRow[]).map(fromRaw);
}

/** The newest change's sequence number, 0 for an empty log. */
export async function lastChangeSeq(db: LocalExecutor): Promise<number> {
  const row = await db.selectFrom(SYSTEM_TABLES.change).select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Number of changes not yet on the server (pending and held). */
export async function countChanges(db: LocalExecutor, options: { maxSeq?: number } = {}): Promise<number> {
  let query = db.selectFrom(SYSTEM_TABLES.change).select((eb) => eb.fn.countAll().as('n'));
  if (options.maxSeq !== undefined) query = query.where('seq', '<=', options.maxSeq);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Number of changes not yet on the server, by entity. */
export async function countChangesByEntity(db: LocalExecutor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom(SYSTEM_TABLES.change)
    .select((eb) => ['entity', eb.fn.countAll().as('n')])
    .groupBy('entity')
    .execute();
  return new Map(rows.map((row) => [row.entity as string, Number(row.n)]));
}

/** Removes changes by sequence number (they reached the server or were given up by a policy). */
export async function removeChanges(db: LocalExecutor, seqs: readonly number[]): Promise<void> {
  for (let start = 0; start < seqs.length; start += 500) {
    await db.deleteFrom(SYSTEM_TABLES.change).where('seq', 'in', seqs.slice(start, start + 500)).execute();
  }
}

/**
 * Marks changes as sent in `operation` (its idempotency key), before the operation leaves the device;
 * the operation itself is kept on the first change so it can be sent again unchanged.
 */
export async function markSent(db: LocalExecutor, seqs: readonly number[], operation: WriteOperation): Promise<void> {
  const first = Math.min(...seqs);
  const text = JSON.stringify(operation);
  for (let start = 0; start < seqs.length; start += 500) {
    await db
      .updateTable(SYSTEM_TABLES.change)
      .set((eb) => ({ sent_key: operation.idempotencyKey, sent_op: eb.case().when('seq', '=', first).then(text).else(null).end() }))
      .where('seq', 'in', seqs.slice(start, start + 500))
      .execute();
  }
}

/** The queued changes of the records named (by entity and id), keyed `entity\u0000id`. */
export async function changesOfRecords(db: LocalExecutor, records: ReadonlyArray<{ entity: string; id: string }>): Promise<Map<string, ChangeRow[]>> {
  const byKey = new Map<string, ChangeRow[]>();
  const ids = [...new Set(records.map((record) => record.id))];
  const wanted = new Set(records.map((record) => `${record.entity}\u0000${record.id}`));
  for (let start = 0; start < ids.length; start += 500) {
    const rows = (await db.selectFrom(SYSTEM_TABLES.change).selectAll().where('record_id', 'in', ids.slice(start, start + 500)).orderBy('seq').execute()) as RawChangeRow[];
    for (const row of rows.map(fromRaw)) {
      const key = `${row.entity}\u0000${row.recordId}`;
      if (!wanted.has(key)) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
  }
  return byKey;
}

/** Operations sent earlier whose answer never came back, with the changes each carried, oldest first. */
export async function unansweredOperations(db: LocalExecutor, maxSeq: number): Promise<Array<{ operation: WriteOperation; seqs: number[] }>> {
  const rows = await db
    .selectFrom(SYSTEM_TABLES.change)
    .select(['seq', 'sent_key', 'sent_op'])
    .where('sent_key', 'is not', null)
    .where('seq', '<=', maxSeq)
    .where('state', '=', 'pending')
    .orderBy('seq')
    .execute();
  const byKey = new Map<string, { operation?: WriteOperation; seqs: number[] }>();
  for (const row of rows) {
    const entry = byKey.get(row.sent_key as string) ?? { seqs: [] };
    entry.seqs.push(Number(row.seq));
    if (row.sent_op) entry.operation = JSON.parse(row.sent_op as string) as WriteOperation;
    byKey.set(row.sent_key as string, entry);
  }
  return [...byKey.values()].filter((entry): entry is { operation: WriteOperation; seqs: number[] } => entry.operation !== undefined);
}

/** Sets the state of every change of one record. */
export async function setRecordChangesState(db: LocalExecutor, entity: string, recordId: string, state: ChangeRow['state']): Promise<void> {
  await db.updateTable(SYSTEM_TABLES.change).set({ state }).where('entity', '=', entity).where('record_id', '=', recordId).execute();
}

/** Ids of the records of `entity` among `ids` that have local changes not yet on the server. */
export async function changedIds(db: LocalExecutor, entity: string, ids?: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (ids !== undefined && ids.length === 0) return found;
  // The common case, an entity without queued changes, costs one index probe.
  const any = await db.selectFrom(SYSTEM_TABLES.change).select('seq').where('entity', '=', entity).limit(1).executeTakeFirst();
  if (!any) return found;
  const chunks = ids === undefined ? [undefined] : Array.from({ length: Math.ceil(ids.length / 500) }, (_, i) => ids.slice(i * 500, i * 500 + 500));
  for (const chunk of chunks) {
    let query = db.selectFrom(SYSTEM_TABLES.change).select('record_id').distinct().where('entity', '=', entity);
    if (chunk !== undefined) query = query.where('record_id', 'in', chunk);
    for (const row of await query.execute()) found.add(row.record_id as string);
  }
  return found;
}
