import { randomUUID } from '../ids/random-uuid';
import type { WriteOperation, WriteResult } from '@fieldsync/connector-api';
import { isEntityReference, rowToFields, type CrmRecord, type EntitySchema, type FieldValues } from '@fieldsync/model';
import {
  appendChange,
  countChanges,
  lastChangeSeq,
  markSentMany,
  queuedCreates,
  queuedFieldsOf,
  queuedFieldsOfMany,
  readChanges,
  removeChanges,
  removeRecordChanges,
  setRecordChangesState,
  unansweredOperations,
  waitingRecords,
} from '../changes/change-log';
import type { AssociationFields, ChangeRow } from '../changes/change-kind';
import {
  applyServerRecord,
  dropShadow,
  localFields,
  readShadow,
  updateFromServer,
  updateManyFromServer,
  writeShadow,
} from '../local-store/apply-server-record';
import type { LocalExecutor } from '../local-store/local-db';
import { SYSTEM_TABLES, VERSION_COLUMN } from '../local-store/system-tables';
import { resolveConflict } from './conflict-policy';
import { planUpload } from './plan-upload';
import { recordKey, type PlannedOperation } from './planned-operation';
import { throwIfCancelled } from '../errors/sync-core-errors';
import { remapRecordId } from './remap-record-id';
import { recordSyncError } from './sync-error-store';
import { DEFAULT_CHANGE_LOG_PAGE_SIZE, type UploadContext, type UploadFigures } from './upload-context';

/** A server answer to write into the device's row once the whole batch is applied (see `updateManyFromServer`). */
interface SettledUpdate {
  readonly schema: EntitySchema;
  readonly record: CrmRecord;
  readonly keepLocal: ReadonlySet<string>;
}

/** State shared by the rounds of one upload. */
interface UploadRun {
  readonly ctx: UploadContext;
  readonly maxSeq: number;
  readonly figures: UploadFigures;
  /** Device id → server id of records created in this upload. */
  readonly idMap: Map<string, string>;
  /** Records that failed or wait for the user: records pointing at them are not sent in this sync. */
  readonly blocked: Set<string>;
  /** Changes the upload wrote back itself (deferred lookups): pass 2 sends them although they are newer than `maxSeq`. */
  readonly ownSeqs: number[];
  readonly batchSize: number;
  /** Change-log rows read at once. */
  readonly pageSize: number;
  sent: number;
  total: number;
}

/**
 * The upload step: sends the change log to the server and takes in the answers. First the operations
 * whose answer was lost are sent again unchanged (same idempotency keys, so the server answers from its
 * record instead of applying them twice), then pass 1 (creates, updates, deletes; parents first), then
 * pass 2 (lookups deferred by pass 1, status changes, associations). Each pass reads the change log in
 * pages of `changeLogPageSize` changes, oldest first, and plans and sends one page before reading the
 * next, so memory stays bounded. Only changes made before the step began are sent; later ones wait for
 * the next sync. A transport failure stops the step with the
 * changes still queued.
 */
export async function runUpload(ctx: UploadContext): Promise<UploadFigures> {
  const run: UploadRun = {
    ctx,
    maxSeq: await lastChangeSeq(ctx.db),
    figures: { uploaded: 0, conflicts: 0, errors: 0, retries: 0, batches: 0 },
    idMap: new Map(),
    blocked: new Set(),
    ownSeqs: [],
    batchSize: Math.min(ctx.settings.MaxExecuteMultiple, ctx.connector.capabilities.maxBatchSize),
    pageSize: Math.max(1, ctx.changeLogPageSize ?? DEFAULT_CHANGE_LOG_PAGE_SIZE),
    sent: 0,
    total: 0,
  };
  const pendingCount = await countChanges(ctx.db, { maxSeq: run.maxSeq });
  run.total = pendingCount;
  ctx.reporter.progress({ step: 'upload', done: 0, total: run.total });
  if (pendingCount === 0) return run.figures;

  const replays = await unansweredOperations(ctx.db, run.maxSeq);
  if (replays.length > 0) {
    const planned = replays.map(({ operation, seqs }): PlannedOperation => ({
      operation,
      entity: operation.entity,
      recordId: operation.id ?? '',
      seqs,
      dependsOn: [],
    }));
    for (let start = 0; start < planned.length; start += run.batchSize) {
      run.figures.retries += Math.min(run.batchSize, planned.length - start);
      await sendBatch(run, planned.slice(start, start + run.batchSize), { marked: true, retryOfConflict: false });
    }
  }
  for (const pass of [1, 2] as const) {
    // Records waiting for the user or for an answer hold back their later changes and the records pointing at them.
    for (const key of await waitingRecords(ctx.db, run.maxSeq)) run.blocked.add(key);
    // The log is read a page at a time (keyset on seq): memory stays bounded whatever its length.
    let afterSeq = 0;
    for (;;) {
      const page = await readChanges(ctx.db, { maxSeq: run.maxSeq, afterSeq, limit: run.pageSize });
      if (page.length === 0) break;
      afterSeq = page[page.length - 1].seq;
      await sendPage(run, pass, page);
    }
    // Changes the upload wrote back itself (deferred lookups) go up in pass 2, after the rest.
    const own = pass === 2 ? [...run.ownSeqs].sort((a, b) => a - b) : [];
    for (let start = 0; start < own.length; start += run.pageSize) {
      await sendPage(run, pass, await readChanges(ctx.db, { seqs: own.slice(start, start + run.pageSize) }));
    }
  }
  return run.figures;
}

/** Plans one page of the change log for a pass and sends its batches. */
async function sendPage(run: UploadRun, pass: 1 | 2, page: readonly ChangeRow[]): Promise<void> {
  const { ctx } = run;
  const pending = page.filter((row) => row.state === 'pending' && row.sentKey === null && !run.blocked.has(recordKey(row.entity, row.recordId)));
  if (pending.length === 0) return;
  // The records these changes point at whose create is still queued (held, failing, or later in the log).
  const notOnServer = await queuedCreates(ctx.db, referencedRecords(pending));
  const versions = await baseVersions(ctx, pending);
  const batches = planUpload({
    local: ctx.local,
    changes: pending,
    pass,
    baseVersionOf: (entity, id) => versions.get(recordKey(entity, id)),
    notOnServer,
    blocked: run.blocked,
    chronological: ctx.settings.UploadRecordsInChronologicalOrder,
    batchSize: run.batchSize,
  });
  // The next batch is marked as sent while the server writes this one, or else in this batch's answer
  // transaction; a plain answer is taken in while the server writes the next batch (`applying`).
  let prepared: PlannedOperation[] | undefined;
  let applying: Promise<void> | undefined;
  try {
    for (let index = 0; index < batches.length; index += 1) {
      const items = prepared ?? readyItems(run, batches[index]).map((item) => mapIds(run, item));
      const marked = prepared !== undefined;
      prepared = undefined;
      if (items.length === 0) continue;
      const sent = await sendBatch(run, items, { marked, mapped: true, retryOfConflict: false, next: batches[index + 1], previous: applying });
      prepared = sent.next;
      applying = sent.applying;
    }
  } catch (error) {
    // The answers already taken in are committed (or not) before the error goes up, as a killed process would leave them.
    await applying?.catch(() => undefined);
    throw error;
  }
  // The next page is planned from the log once every answer of this one is in it.
  await applying;
}

/** The operations of a planned batch that can go now: none pointing at a record that failed or waits for the user. */
function readyItems(run: UploadRun, batch: readonly PlannedOperation[]): PlannedOperation[] {
  return batch.filter((item) => isReady(run, item));
}

/** Whether a planned operation can go now: it points at no record that failed or waits for the user. */
function isReady(run: UploadRun, item: PlannedOperation): boolean {
  return !item.dependsOn.some((key) => run.blocked.has(key) && !(item.deferred && deferredKeys(item).has(key)));
}

/** The records changes point at: their lookups, the ends of their links, and the records themselves. */
function referencedRecords(changes: readonly ChangeRow[]): Array<{ entity: string; id: string }> {
  const records: Array<{ entity: string; id: string }> = [];
  for (const change of changes) {
    records.push({ entity: change.entity, id: change.recordId });
    if (change.kind === 'associate' || change.kind === 'disassociate') {
      const link = change.fields as unknown as AssociationFields;
      records.push({ entity: link.entity, id: link.id }, { entity: link.relatedEntity, id: link.relatedId });
      continue;
    }
    for (const value of Object.values(change.fields)) if (isEntityReference(value)) records.push({ entity: value.entity, id: value.id });
  }
  return records;
}

function deferredKeys(item: PlannedOperation): Set<string> {
  return new Set(Object.values(item.deferred ?? {}).map((ref) => recordKey(ref.entity, ref.id)));
}

/** The server version each record was last synced at: its row's, or its merge base's once deleted on the device. */
async function baseVersions(ctx: UploadContext, changes: readonly ChangeRow[]): Promise<Map<string, string>> {
  const versions = new Map<string, string>();
  const byEntity = new Map<string, Set<string>>();
  for (const change of changes) byEntity.set(change.entity, (byEntity.get(change.entity) ?? new Set()).add(change.recordId));
  for (const [entity, ids] of byEntity) {
    const local = ctx.local.entities.get(entity);
    if (!local) continue;
    const list = [...ids];
    for (let start = 0; start < list.length; start += 500) {
      const chunk = list.slice(start, start + 500);
      const rows = await ctx.db.selectFrom(entity).select([local.schema.primaryKey, VERSION_COLUMN]).where(local.schema.primaryKey, 'in', chunk).execute();
      for (const row of rows)
        if (typeof row[VERSION_COLUMN] === 'string') versions.set(recordKey(entity, String(row[local.schema.primaryKey])), row[VERSION_COLUMN] as string);
      const shadows = await ctx.db
        .selectFrom(SYSTEM_TABLES.shadow)
        .select(['record_id', 'version'])
        .where('entity', '=', entity)
        .where('record_id', 'in', chunk)
        .execute();
      for (const row of shadows) {
        const key = recordKey(entity, row.record_id as string);
        if (!versions.has(key) && typeof row.version === 'string') versions.set(key, row.version);
      }
    }
  }
  return versions;
}

function mapIds(run: UploadRun, item: PlannedOperation): PlannedOperation {
  const mapped = (id: string) => run.idMap.get(id) ?? id;
  const operation = { ...item.operation } as WriteOperation & { id?: string; fields?: FieldValues; relatedId?: string };
  if (operation.id !== undefined) operation.id = mapped(operation.id);
  if (operation.kind === 'create') {
    const schema = run.ctx.local.entities.get(operation.entity)?.schema;
    if (run.ctx.connector.capabilities.clientAssignedIds && schema && operation.id !== undefined) {
      // The device chose the id: it is both the operation's id and the primary key field.
      operation.fields = { ...operation.fields, [schema.primaryKey]: operation.id };
    } else {
      delete operation.id;
      if (schema) operation.fields = Object.fromEntries(Object.entries(operation.fields).filter(([name]) => name !== schema.primaryKey));
    }
  }
  if (operation.fields) {
    const fields: Record<string, FieldValues[string]> = {};
    for (const [name, value] of Object.entries(operation.fields))
      fields[name] = isEntityReference(value) ? { entity: value.entity, id: mapped(value.id) } : value;
    operation.fields = fields;
  }
  if (operation.relatedId !== undefined) operation.relatedId = mapped(operation.relatedId);
  return { ...item, operation, recordId: mapped(item.recordId) };
}

/** How {@link sendBatch} sends a batch. */
interface SendOptions {
  /** The operations are already marked as sent (an unanswered batch sent again, or one marked with the batch before it). */
  readonly marked: boolean;
  /** The batch resends operations a conflict policy settled in this sync. */
  readonly retryOfConflict: boolean;
  /** The operations already carry the server's ids (`mapIds` was applied). */
  readonly mapped?: boolean;
  /** The planned batch after this one: marked as sent while the server writes this one, or in this batch's answer transaction. */
  readonly next?: readonly PlannedOperation[];
  /** The previous batch's answers being taken in: finished before this batch's are. */
  readonly previous?: Promise<void>;
}

/** What {@link sendBatch} leaves to its caller. */
interface SentBatch {
  /** The next batch's ready operations, mapped and marked as sent: the caller sends them next. */
  readonly next?: PlannedOperation[];
  /** This batch's answers still being taken in (while the caller sends `next`); to be awaited. */
  readonly applying?: Promise<void>;
}

/** The next batch's ready operations, marked as sent while the server wrote the batch before them. */
interface MarkedAhead {
  /** As planned (device ids): checked again against the answers of the batch before. */
  readonly planned: readonly PlannedOperation[];
  /** The same operations mapped to the server's ids, as marked and to be sent. */
  readonly items: PlannedOperation[];
}

/**
 * Sends one batch and applies its answers. `marked`: the operations are already marked as sent (an
 * unanswered batch sent again). `retryOfConflict`: the batch resends operations a conflict policy
 * settled in this sync; meeting a conflict again keeps them for the user instead of looping. An
 * unanswered operation sent again that conflicts was never applied, so its policy applies as usual.
 *
 * With `next`, the next batch's ready operations are marked as sent while the server writes this
 * batch (see {@link markAhead}: only when none of them points at a record of this batch). When every
 * answer is a plain `ok` (nothing failed, resent or renamed, so nothing the next batch depends on
 * changes), they are answered at once for the caller to send, and this batch's answers are taken in
 * meanwhile (`applying`). Otherwise the answers are taken in first, and the answer transaction keeps
 * the marks ahead that are still ready (or marks the next batch itself), dropping them when an
 * operation is resent or the sync is cancelled. A kill at any point leaves each operation either
 * unmarked (planned afresh) or marked with its idempotency key (sent again unchanged, answered once).
 */
async function sendBatch(run: UploadRun, items: readonly PlannedOperation[], options: SendOptions): Promise<SentBatch> {
  const { ctx } = run;
  throwIfCancelled(ctx.signal);
  const batch = options.mapped ? items : items.map((item) => mapIds(run, item));
  if (!options.marked) {
    await ctx.db.transaction().execute(async (trx) => markSentMany(trx, batch));
  }
  run.figures.batches += 1;
  await ctx.onSyncPoint?.({ name: 'upload-marked', step: 'upload' });
  const [written, marking] = await Promise.allSettled([
    ctx.connector.writeBatch({ operations: batch.map((item) => item.operation) }),
    options.next && !ctx.signal?.aborted ? markAhead(run, batch, options.next) : undefined,
  ]);
  if (written.status === 'rejected') throw written.reason;
  if (marking.status === 'rejected') throw marking.reason;
  const results = written.value;
  const ahead = marking.value;
  await ctx.onSyncPoint?.({ name: 'upload-answered', step: 'upload' });
  await options.previous;
  if (ahead && allPlainOk(batch, results) && !ctx.signal?.aborted) {
    const applying = takeInAnswers(run, batch, results, { ...options, next: undefined }).then(() => undefined);
    // Awaited by the caller after the next batch's call; handled here so its failure is not reported as unhandled meanwhile.
    applying.catch(() => undefined);
    return { next: ahead.items, applying };
  }
  const { retries, next } = await takeInAnswers(run, batch, results, options, ahead);
  if (retries.length > 0) {
    run.figures.retries += retries.length;
    await ctx.db.transaction().execute(async (trx) => markSentMany(trx, retries));
    await sendBatch(run, retries, { marked: true, retryOfConflict: true });
  }
  return { next };
}

/**
 * Marks the next batch's ready operations as sent while the server writes `inFlight`, so that they can
 * go as soon as its answer is in. Not when one of them points at (or is) a record `inFlight` sends: its
 * answer decides whether and under which id they go. Answers them mapped, with the plan they came from.
 */
async function markAhead(run: UploadRun, inFlight: readonly PlannedOperation[], next: readonly PlannedOperation[]): Promise<MarkedAhead | undefined> {
  const sending = new Set(inFlight.map((item) => recordKey(item.entity, item.recordId)));
  const planned = readyItems(run, next);
  if (planned.length === 0) return undefined;
  if (planned.some((item) => sending.has(recordKey(item.entity, item.recordId)) || item.dependsOn.some((key) => sending.has(key)))) return undefined;
  const items = planned.map((item) => mapIds(run, item));
  await run.ctx.db.transaction().execute(async (trx) => markSentMany(trx, items));
  await run.ctx.onSyncPoint?.({ name: 'upload-marked-ahead', step: 'upload' });
  return { planned, items };
}

/**
 * Applies one batch's answers in one device transaction and reports the progress. Then the next batch:
 * its operations marked ahead are kept if still ready and unmarked otherwise (all of them when an
 * operation is resent or the sync is cancelled); without marks ahead, `options.next`'s ready operations
 * are marked here (after the answers, so their failures and new ids count) unless an operation is
 * resent or the sync is cancelled. Answers the operations to resend and the next batch to send.
 */
async function takeInAnswers(
  run: UploadRun,
  batch: readonly PlannedOperation[],
  results: readonly WriteResult[],
  options: SendOptions,
  ahead?: MarkedAhead,
): Promise<{ retries: PlannedOperation[]; next?: PlannedOperation[] }> {
  const { ctx } = run;
  const retries: PlannedOperation[] = [];
  let next: PlannedOperation[] | undefined;
  await ctx.db.transaction().execute(async (trx) => {
    // The common answer, every operation applied to a record of its own: the log is updated for the whole batch at once.
    const settled = allPlainOk(batch, results) ? { remaining: await settleBatch(trx, batch), updates: [] as SettledUpdate[] } : undefined;
    for (let index = 0; index < batch.length; index += 1) {
      if (ctx.settings.LogSyncDetails) {
        const { operation } = batch[index];
        ctx.reporter.log(
          `<Upload Entity="${operation.entity}" Id="${'id' in operation ? (operation.id ?? '') : ''}" Kind="${operation.kind}" Status="${results[index]?.status}" />`,
        );
      }
      const retry = await applyResult(run, trx, batch[index], results[index], options.retryOfConflict, settled);
      if (retry) retries.push(retry);
    }
    // The server's answers go into the device's rows in a few multi-row statements per entity.
    const byEntity = new Map<string, SettledUpdate[]>();
    for (const update of settled?.updates ?? []) byEntity.set(update.schema.name, [...(byEntity.get(update.schema.name) ?? []), update]);
    for (const updates of byEntity.values()) await updateManyFromServer(trx, updates[0].schema, updates);
    // A resent operation's answer may hold records the next batch points at: then the next batch waits for it.
    const nextMayGo = retries.length === 0 && !ctx.signal?.aborted;
    if (ahead) {
      const keep = ahead.planned.map((item) => nextMayGo && isReady(run, item));
      const dropped = ahead.items.filter((_, index) => !keep[index]);
      if (dropped.length > 0) await unmarkSent(trx, dropped);
      const kept = ahead.items.filter((_, index) => keep[index]);
      if (kept.length > 0) next = kept;
    } else if (options.next && nextMayGo) {
      next = readyItems(run, options.next).map((item) => mapIds(run, item));
      if (next.length > 0) await markSentMany(trx, next);
    }
    await ctx.onSyncPoint?.({ name: 'upload-applying', step: 'upload' });
  });
  run.sent += batch.reduce((sum, item) => sum + item.seqs.length, 0);
  ctx.reporter.progress({ step: 'upload', done: Math.min(run.sent, run.total), total: run.total });
  return { retries, next };
}

/** Takes the sent marks off operations marked ahead that will not go now: they are planned afresh. */
async function unmarkSent(trx: LocalExecutor, items: readonly PlannedOperation[]): Promise<void> {
  const seqs = items.flatMap((item) => item.seqs);
  for (let start = 0; start < seqs.length; start += 500) {
    await trx
      .updateTable(SYSTEM_TABLES.change)
      .set({ sent_key: null, sent_op: null })
      .where('seq', 'in', seqs.slice(start, start + 500))
      .execute();
  }
}

/**
 * Whether every result is `ok`, for a record no other operation of the batch touches, under the id the
 * device chose: then each answer only removes its own changes and reads what is still queued of its own
 * record, which {@link settleBatch} does for all of them in a few statements.
 */
function allPlainOk(batch: readonly PlannedOperation[], results: readonly WriteResult[]): boolean {
  const keys = new Set<string>();
  for (let index = 0; index < batch.length; index += 1) {
    const item = batch[index];
    const result = results[index];
    if (result?.status !== 'ok') return false;
    if ((item.operation.kind === 'create' || item.operation.kind === 'associate') && result.id !== item.recordId) return false;
    const key = recordKey(item.entity, item.recordId);
    if (keys.has(key)) return false;
    keys.add(key);
  }
  return true;
}

/** Removes the batch's changes from the log and answers what is still queued of each record (by `recordKey`). */
async function settleBatch(trx: LocalExecutor, batch: readonly PlannedOperation[]): Promise<Map<string, { changes: number; fields: Set<string> }>> {
  await removeChanges(
    trx,
    batch.flatMap((item) => item.seqs),
  );
  const remaining = await queuedFieldsOfMany(
    trx,
    batch.map((item) => ({ entity: item.entity, id: item.recordId })),
  );
  const byRecordKey = new Map<string, { changes: number; fields: Set<string> }>();
  for (const item of batch) {
    const found = remaining.get(`${item.entity}\u0000${item.recordId}`);
    if (found) byRecordKey.set(recordKey(item.entity, item.recordId), found);
  }
  return byRecordKey;
}

function schemaOf(run: UploadRun, entity: string): EntitySchema {
  const found = run.ctx.local.entities.get(entity);
  if (!found) throw new Error(`upload: entity '${entity}' left the customization during the sync`);
  return found.schema;
}

/** Applies one operation's result; returns an operation to send again (a resolved conflict), if any. */
async function applyResult(
  run: UploadRun,
  trx: LocalExecutor,
  item: PlannedOperation,
  result: WriteResult,
  retryOfConflict: boolean,
  settled?: { readonly remaining: ReadonlyMap<string, { changes: number; fields: Set<string> }>; readonly updates: SettledUpdate[] },
): Promise<PlannedOperation | undefined> {
  const { ctx } = run;
  const schema = schemaOf(run, item.entity);
  const key = recordKey(item.entity, item.recordId);
  const now = ctx.clock.now();
  const hold = async (
    kind: 'conflict' | 'deleted-on-server' | 'failed',
    code: string,
    message: string,
    serverRecord?: WriteResult & { status: 'conflict' },
  ) => {
    await trx.updateTable(SYSTEM_TABLES.change).set({ sent_key: null, sent_op: null }).where('seq', 'in', item.seqs).execute();
    await setRecordChangesState(trx, item.entity, item.recordId, 'held');
    const fields = 'fields' in item.operation ? item.operation.fields : undefined;
    await recordSyncError(trx, {
      entity: item.entity,
      recordId: item.recordId,
      kind,
      code,
      message,
      localFields: fields,
      serverRecord: serverRecord?.serverRecord,
      now,
    });
    run.blocked.add(key);
    ctx.reporter.log(`<UploadError Entity="${item.entity}" Id="${item.recordId}" Code="${code}" />`);
    ctx.reporter.warn({ code, entity: item.entity, recordId: item.recordId, message: `${message} (kept as a sync error)` });
  };
  switch (result.status) {
    case 'ok': {
      let id = item.recordId;
      if ((item.operation.kind === 'create' || item.operation.kind === 'associate') && result.id !== item.recordId) {
        await remapRecordId(trx, ctx.local, item.entity, item.recordId, result.id);
        run.idMap.set(item.recordId, result.id);
        id = result.id;
      }
      const alreadySettled = settled?.remaining.get(key);
      if (!alreadySettled) await removeChanges(trx, item.seqs);
      // The record's later changes (next pages, pass 2, made during the sync) keep their fields local.
      const remaining = alreadySettled ?? (await queuedFieldsOf(trx, item.entity, id));
      const keepLocal = remaining.fields;
      if (item.deferred && Object.keys(item.deferred).length > 0) {
        const fields: Record<string, FieldValues[string]> = {};
        for (const [name, ref] of Object.entries(item.deferred)) {
          fields[name] = { entity: ref.entity, id: run.idMap.get(ref.id) ?? ref.id };
          keepLocal.add(name);
        }
        run.ownSeqs.push(await appendChange(trx, { entity: item.entity, recordId: id, kind: 'update', fields, now }));
      }
      const queuedStill = keepLocal.size > 0 || remaining.changes > 0;
      const hadBase = item.operation.kind !== 'create' && item.operation.kind !== 'associate';
      if (item.operation.kind === 'delete') {
        if (!queuedStill) await dropShadow(trx, item.entity, id);
      } else if (result.record) {
        // An update, not an upsert: a record deleted on the device meanwhile must not come back.
        if (settled) settled.updates.push({ schema, record: { ...result.record, id }, keepLocal });
        else await updateFromServer(trx, schema, { ...result.record, id }, keepLocal);
        if (queuedStill) await writeShadow(trx, schema, { ...result.record, id });
        else if (hadBase) await dropShadow(trx, item.entity, id);
      } else if (result.version) {
        await trx
          .updateTable(item.entity)
          .set({ [VERSION_COLUMN]: result.version })
          .where(schema.primaryKey, '=', id)
          .execute();
      }
      run.figures.uploaded += 1;
      return undefined;
    }
    case 'conflict': {
      run.figures.conflicts += 1;
      const policy = ctx.local.entities.get(item.entity)?.config.conflictPolicy ?? 'Manual';
      const base = await readShadow(trx, item.entity, item.recordId);
      const outcome = retryOfConflict
        ? ({ action: 'keep', reason: 'the record changed on the server again while its change was sent' } as const)
        : resolveConflict({ policy, operation: item.operation, conflict: result, base: base?.fields, resendKey: randomUUID() });
      if (outcome.action === 'take-server') {
        await removeChanges(trx, item.seqs);
        const remaining = await queuedFieldsOf(trx, item.entity, item.recordId);
        await applyServerRecord(trx, schema, result.serverRecord, { keepLocal: remaining.fields });
        if (remaining.changes === 0) await dropShadow(trx, item.entity, item.recordId);
        ctx.reporter.warn({
          code: 'CONFLICT_SERVER_WINS',
          entity: item.entity,
          recordId: item.recordId,
          message: `${item.entity} ${item.recordId}: the server's version was kept and the local change dropped (policy ServerWins)`,
        });
        return undefined;
      }
      if (outcome.action === 'resend') {
        // The server's values of fields the device did not change are taken now; the device's go up again.
        const keepLocal = (await queuedFieldsOf(trx, item.entity, item.recordId)).fields;
        if (item.operation.kind !== 'delete') await applyServerRecord(trx, schema, result.serverRecord, { keepLocal });
        await writeShadow(trx, schema, result.serverRecord);
        return { ...item, operation: outcome.operation };
      }
      await hold('conflict', 'CONFLICT', `${item.entity} ${item.recordId}: ${outcome.reason}`, result);
      return undefined;
    }
    case 'not-found': {
      const policy = ctx.local.entities.get(item.entity)?.config.conflictPolicy ?? 'Manual';
      if (item.operation.kind === 'associate') {
        // One end of the link is gone from the server: so is the link.
        await removeChanges(trx, item.seqs);
        await trx.deleteFrom(item.entity).where(schema.primaryKey, '=', item.recordId).execute();
        ctx.reporter.warn({
          code: 'LINK_TARGET_DELETED',
          entity: item.entity,
          recordId: item.recordId,
          message: `${item.entity}: a linked record was deleted on the server; the link was dropped`,
        });
        return undefined;
      }
      if (item.operation.kind === 'delete' || item.operation.kind === 'disassociate') {
        await removeChanges(trx, item.seqs);
        await dropShadow(trx, item.entity, item.recordId);
        run.figures.uploaded += 1;
        return undefined;
      }
      if (policy === 'Manual' || policy === 'FieldMerge') {
        // Nothing to merge with: the user chooses between creating the record again and accepting the delete.
        await hold(
          'deleted-on-server',
          'DELETED_ON_SERVER',
          `${item.entity} ${item.recordId}: the record was deleted on the server while the device changed it (policy ${policy})`,
        );
        return undefined;
      }
      if (policy === 'ClientWins' && !retryOfConflict) {
        const row = await trx.selectFrom(item.entity).selectAll().where(schema.primaryKey, '=', item.recordId).executeTakeFirst();
        if (row) {
          const writable = schema.fields.filter((field) => !field.readOnly && field.name !== schema.primaryKey).map((field) => field.name);
          const all = rowToFields(schema, row as Record<string, unknown>);
          const fields = localFields({ ...schema, fields: schema.fields.filter((field) => writable.includes(field.name)) }, all);
          const create: WriteOperation = {
            kind: 'create',
            entity: item.entity,
            fields,
            idempotencyKey: randomUUID(),
            ...(ctx.connector.capabilities.clientAssignedIds ? { id: item.recordId } : {}),
          };
          ctx.reporter.warn({
            code: 'RECREATED',
            entity: item.entity,
            recordId: item.recordId,
            message: `${item.entity} ${item.recordId}: deleted on the server; created again with the device's values (policy ClientWins)`,
          });
          return { ...item, operation: create };
        }
      }
      await removeRecordChanges(trx, item.entity, item.recordId, { maxSeq: run.maxSeq });
      await trx.deleteFrom(item.entity).where(schema.primaryKey, '=', item.recordId).execute();
      await dropShadow(trx, item.entity, item.recordId);
      ctx.reporter.warn({
        code: 'DELETED_ON_SERVER',
        entity: item.entity,
        recordId: item.recordId,
        message: `${item.entity} ${item.recordId}: deleted on the server; the local change was dropped (policy ${policy})`,
      });
      return undefined;
    }
    case 'failed': {
      run.figures.errors += 1;
      if (result.error.retryable) {
        // Nothing was written: the change is planned afresh next time, with whatever came after it.
        await trx.updateTable(SYSTEM_TABLES.change).set({ sent_key: null, sent_op: null }).where('seq', 'in', item.seqs).execute();
        run.blocked.add(key);
        ctx.reporter.warn({
          code: result.error.code,
          entity: item.entity,
          recordId: item.recordId,
          message: `${item.entity} ${item.recordId}: ${result.error.message} (will retry)`,
        });
        return undefined;
      }
      await hold(
        'failed',
        result.error.code,
        `${item.entity} ${item.recordId}: ${result.error.message}${result.error.field ? ` (field ${result.error.field})` : ''}`,
      );
      return undefined;
    }
  }
}
