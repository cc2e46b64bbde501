import { randomUUID } from '../ids/random-uuid';
import { sql } from 'kysely';
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
 * Changes of the log, oldest first: up to `maxSeq` (all when absent) and after `afterSeq`, at most
 * `limit` of them (keyset paging: pass the last `seq` of a page as the next page's `afterSeq`);
 * `alsoSeqs` adds changes after `maxSeq` by number (the ones an upload wrote back itself), `seqs` reads
 * exactly the changes named. Without `limit`, reads the whole selection: use it for one record's changes.
 */
export async function readChanges(
  db: LocalExecutor,
  options: {
    maxSeq?: number;
    afterSeq?: number;
    limit?: number;
    alsoSeqs?: readonly number[];
    seqs?: readonly number[];
    entity?: string;
    recordId?: string;
  } = {},
): Promise<ChangeRow[]> {
  let query = db.selectFrom(SYSTEM_TABLES.change).selectAll().orderBy('seq');
  const { maxSeq, alsoSeqs } = options;
  if (maxSeq !== undefined) {
    query =
      alsoSeqs && alsoSeqs.length > 0 ? query.where((eb) => eb.or([eb('seq', '<=', maxSeq), eb('seq', 'in', alsoSeqs)])) : query.where('seq', '<=', maxSeq);
  }
  if (options.seqs !== undefined) {
    if (options.seqs.length === 0) return [];
    query = query.where('seq', 'in', options.seqs);
  }
  if (options.afterSeq !== undefined) query = query.where('seq', '>', options.afterSeq);
  if (options.entity !== undefined) query = query.where('entity', '=', options.entity);
  if (options.recordId !== undefined) query = query.where('record_id', '=', options.recordId);
  if (options.limit !== undefined) query = query.limit(options.limit);
  return ((await query.execute()) as RawChangeRow[]).map(fromRaw);
}

/** Records (keyed `entity\u0000id`) with changes up to `maxSeq` that wait for the user (held) or for an answer (sent, unanswered). */
export async function waitingRecords(db: LocalExecutor, maxSeq: number): Promise<Set<string>> {
  const rows = await db
    .selectFrom(SYSTEM_TABLES.change)
    .select(['entity', 'record_id'])
    .distinct()
    .where('seq', '<=', maxSeq)
    .where((eb) => eb.or([eb('state', '=', 'held'), eb('sent_key', 'is not', null)]))
    .execute();
  return new Set(rows.map((row) => `${row.entity as string}\u0000${row.record_id as string}`));
}

/** Of the records named, those whose create is still in the change log (not on the server yet), keyed `entity\u0000id`. */
export async function queuedCreates(db: LocalExecutor, records: ReadonlyArray<{ entity: string; id: string }>): Promise<Set<string>> {
  const found = new Set<string>();
  const wanted = new Set(records.map((record) => `${record.entity}\u0000${record.id}`));
  const ids = [...new Set(records.map((record) => record.id))];
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom(SYSTEM_TABLES.change)
      .select(['entity', 'record_id'])
      .distinct()
      .where('kind', '=', 'create')
      .where('record_id', 'in', ids.slice(start, start + 500))
      .execute();
    for (const row of rows) {
      const key = `${row.entity as string}\u0000${row.record_id as string}`;
      if (wanted.has(key)) found.add(key);
    }
  }
  return found;
}

/**
 * What is still queued of one record: how many changes, and the names of the fields they set (read by
 * SQLite's `json_each`, so a record changed a thousand times costs a handful of names, not a thousand rows).
 */
export async function queuedFieldsOf(db: LocalExecutor, entity: string, recordId: string): Promise<{ changes: number; fields: Set<string> }> {
  const count = await db
    .selectFrom(SYSTEM_TABLES.change)
    .select((eb) => eb.fn.countAll().as('n'))
    .where('entity', '=', entity)
    .where('record_id', '=', recordId)
    .executeTakeFirstOrThrow();
  const changes = Number(count.n);
  if (changes === 0) return { changes, fields: new Set() };
  const names = await sql<{ name: string }>`select distinct j.key as name from ${sql.table(SYSTEM_TABLES.change)} as c, json_each(c.fields) as j
    where c.entity = ${entity} and c.record_id = ${recordId} and c.fields is not null`.execute(db);
  return { changes, fields: new Set(names.rows.map((row) => row.name)) };
}

/**
 * {@link queuedFieldsOf} for many records at once, keyed `entity\u0000id`: one count per entity and
 * 500 records, and the field names only of the records that still have changes queued.
 */
export async function queuedFieldsOfMany(
  db: LocalExecutor,
  records: ReadonlyArray<{ entity: string; id: string }>,
): Promise<Map<string, { changes: number; fields: Set<string> }>> {
  const found = new Map<string, { changes: number; fields: Set<string> }>();
  const byEntity = new Map<string, string[]>();
  for (const record of records) {
    found.set(`${record.entity}\u0000${record.id}`, { changes: 0, fields: new Set() });
    byEntity.set(record.entity, [...(byEntity.get(record.entity) ?? []), record.id]);
  }
  for (const [entity, ids] of byEntity) {
    for (let start = 0; start < ids.length; start += 500) {
      const rows = await db
        .selectFrom(SYSTEM_TABLES.change)
        .select((eb) => ['record_id', eb.fn.countAll().as('n')])
        .where('entity', '=', entity)
        .where('record_id', 'in', ids.slice(start, start + 500))
        .groupBy('record_id')
        .execute();
      // Rare: a record changed again after its change was read; its field names come one record at a time.
      for (const row of rows) found.set(`${entity}\u0000${row.record_id as string}`, await queuedFieldsOf(db, entity, row.record_id as string));
    }
  }
  return found;
}

/** The newest change's sequence number, 0 for an empty log. */
export async function lastChangeSeq(db: LocalExecutor): Promise<number> {
  const row = await db
    .selectFrom(SYSTEM_TABLES.change)
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
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
    await db
      .deleteFrom(SYSTEM_TABLES.change)
      .where('seq', 'in', seqs.slice(start, start + 500))
      .execute();
  }
}

/** Removes the queued changes of one record (up to `maxSeq` when given). */
export async function removeRecordChanges(db: LocalExecutor, entity: string, recordId: string, options: { maxSeq?: number } = {}): Promise<void> {
  let query = db.deleteFrom(SYSTEM_TABLES.change).where('entity', '=', entity).where('record_id', '=', recordId);
  if (options.maxSeq !== undefined) query = query.where('seq', '<=', options.maxSeq);
  await query.execute();
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

/**
 * {@link markSent} for a whole batch in as few statements as SQLite's parameter limit allows (one for
 * a batch of 100 single-change operations): each change gets its operation's idempotency key, each
 * operation's first change the operation itself.
 */
export async function markSentMany(
  db: LocalExecutor,
  items: ReadonlyArray<{ readonly seqs: readonly number[]; readonly operation: WriteOperation }>,
): Promise<void> {
  // 999 is the oldest SQLite's limit of bound parameters: 3 per change and 2 per operation at most.
  const maxParameters = 990;
  let chunk: Array<{ readonly seqs: readonly number[]; readonly operation: WriteOperation }> = [];
  let parameters = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const keys = chunk.flatMap((item) => item.seqs.map((seq) => sql`when ${seq} then ${item.operation.idempotencyKey}`));
    const ops = chunk.map((item) => sql`when ${Math.min(...item.seqs)} then ${JSON.stringify(item.operation)}`);
    const seqs = chunk.flatMap((item) => item.seqs);
    await sql`update ${sql.table(SYSTEM_TABLES.change)} set sent_key = case seq ${sql.join(keys, sql` `)} end,
      sent_op = case seq ${sql.join(ops, sql` `)} else null end where seq in (${sql.join(seqs)})`.execute(db);
    chunk = [];
    parameters = 0;
  };
  for (const item of items) {
    const cost = item.seqs.length * 3 + 2;
    if (cost > maxParameters) {
      await flush();
      await markSent(db, item.seqs, item.operation);
      continue;
    }
    if (parameters + cost > maxParameters) await flush();
    chunk.push(item);
    parameters += cost;
  }
  await flush();
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
