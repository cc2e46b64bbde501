import { randomUUID } from '../ids/random-uuid';
import type { WriteOperation } from '@fieldsync/connector-api';
import { isEntityReference, orderParentsFirst, type FieldValues } from '@fieldsync/model';
import type { AssociationFields, ChangeRow } from '../changes/change-kind';
import type { LocalSchema } from '../local-store/local-schema';
import { recordKey, type PlannedOperation } from './planned-operation';

/** What {@link planUpload} needs to know besides the changes. */
export interface UploadPlanInput {
  readonly local: LocalSchema;
  /** Pending changes (not held, not in an unanswered operation), oldest first. */
  readonly changes: readonly ChangeRow[];
  /** 1: creates, updates and deletes, lookups to records not yet on the server left out; 2: everything left. */
  readonly pass: 1 | 2;
  /** The record's server version as the device last saw it, for the conflict check. */
  readonly baseVersionOf: (entity: string, id: string) => string | undefined;
  /** Records that are not on the server yet (their create is queued, held or failing). */
  readonly notOnServer: ReadonlySet<string>;
  /** Records whose upload failed or waits for the user: records pointing at them wait too. */
  readonly blocked: ReadonlySet<string>;
  readonly chronological: boolean;
  readonly batchSize: number;
}

interface RecordChanges {
  readonly entity: string;
  readonly id: string;
  readonly rows: ChangeRow[];
}

function mergeFields(rows: readonly ChangeRow[]): Record<string, FieldValues[string]> {
  const merged: Record<string, FieldValues[string]> = {};
  for (const row of rows) Object.assign(merged, row.fields);
  return merged;
}

function referencedRecords(fields: FieldValues): Array<[string, { entity: string; id: string }]> {
  return Object.entries(fields).filter((entry): entry is [string, { entity: string; id: string }] => isEntityReference(entry[1]));
}

/**
 * Turns the change log into batches of write operations: records of parent entities first, each
 * entity's records in the order they were first changed (or last changed, with `chronological` off),
 * one operation per record (a create absorbs later updates; a delete absorbs everything before it).
 * In pass 1, status changes and (dis)associations wait for pass 2, and a lookup to a record not on the
 * server before this batch is left out and deferred. A record pointing at a blocked record is not sent.
 */
export function planUpload(input: UploadPlanInput): PlannedOperation[][] {
  const byRecord = new Map<string, RecordChanges>();
  for (const row of input.changes) {
    const key = recordKey(row.entity, row.recordId);
    const entry = byRecord.get(key) ?? { entity: row.entity, id: row.recordId, rows: [] };
    entry.rows.push(row);
    byRecord.set(key, entry);
  }
  const order = orderParentsFirst(input.local.schema, [...input.local.entities.keys()]);
  const rank = new Map(order.map((entity, index) => [entity, index]));
  const position = (entry: RecordChanges) => (input.chronological ? entry.rows[0].seq : entry.rows[entry.rows.length - 1].seq);
  const records = [...byRecord.values()].sort((a, b) => (rank.get(a.entity) ?? 0) - (rank.get(b.entity) ?? 0) || position(a) - position(b));

  const planned: PlannedOperation[] = [];
  for (const entry of records) {
    if (!input.local.entities.has(entry.entity)) continue;
    planned.push(...planRecord(entry, input));
  }
  return intoBatches(planned, input);
}

function planRecord(entry: RecordChanges, input: UploadPlanInput): PlannedOperation[] {
  const main = entry.rows.filter((row) => row.kind === 'create' || row.kind === 'update' || row.kind === 'delete');
  const later = entry.rows.filter((row) => row.kind === 'setState' || row.kind === 'associate' || row.kind === 'disassociate');
  const operations: PlannedOperation[] = [];
  const base = { entity: entry.entity, recordId: entry.id };
  const deleteRow = main.find((row) => row.kind === 'delete');
  if (deleteRow) {
    // A delete makes every earlier change of the record moot, status changes included.
    const baseVersion = input.baseVersionOf(entry.entity, entry.id);
    const operation: WriteOperation = {
      kind: 'delete',
      entity: entry.entity,
      id: entry.id,
      idempotencyKey: randomUUID(),
      ...(baseVersion ? { baseVersion } : {}),
    };
    return [{ ...base, operation, seqs: entry.rows.map((row) => row.seq), dependsOn: [] }];
  }
  if (main.length > 0) {
    const fields = mergeFields(main);
    const isCreate = main[0].kind === 'create';
    const baseVersion = isCreate ? undefined : input.baseVersionOf(entry.entity, entry.id);
    const operation: WriteOperation = isCreate
      ? { kind: 'create', entity: entry.entity, id: entry.id, fields, idempotencyKey: randomUUID() }
      : { kind: 'update', entity: entry.entity, id: entry.id, fields, idempotencyKey: randomUUID(), ...(baseVersion ? { baseVersion } : {}) };
    const dependsOn = referencedRecords(fields)
      .map(([, ref]) => recordKey(ref.entity, ref.id))
      .filter((key) => input.notOnServer.has(key) && key !== recordKey(entry.entity, entry.id));
    operations.push({ ...base, operation, seqs: main.map((row) => row.seq), dependsOn });
  }
  if (input.pass === 2) {
    const stateRows = later.filter((row) => row.kind === 'setState');
    if (stateRows.length > 0) {
      const last = stateRows[stateRows.length - 1].fields as { state: number; status: number };
      operations.push({
        ...base,
        operation: { kind: 'setState', entity: entry.entity, id: entry.id, state: last.state, status: last.status, idempotencyKey: randomUUID() },
        seqs: stateRows.map((row) => row.seq),
        dependsOn: [],
      });
    }
    for (const row of later.filter((candidate) => candidate.kind === 'associate' || candidate.kind === 'disassociate')) {
      const link = row.fields as unknown as AssociationFields;
      const ends = [recordKey(link.entity, link.id), recordKey(link.relatedEntity, link.relatedId)];
      operations.push({
        ...base,
        operation: {
          kind: row.kind as 'associate' | 'disassociate',
          relationship: entry.entity,
          entity: link.entity,
          id: link.id,
          relatedEntity: link.relatedEntity,
          relatedId: link.relatedId,
          idempotencyKey: randomUUID(),
        },
        seqs: [row.seq],
        dependsOn: ends.filter((key) => input.notOnServer.has(key)),
      });
    }
  }
  return operations;
}

function intoBatches(planned: PlannedOperation[], input: UploadPlanInput): PlannedOperation[][] {
  const batches: PlannedOperation[][] = [];
  let current: PlannedOperation[] = [];
  const createdBefore = new Set<string>();
  const inCurrent = new Set<string>();
  const blocked = new Set(input.blocked);
  const flush = () => {
    if (current.length === 0) return;
    batches.push(current);
    for (const key of inCurrent) createdBefore.add(key);
    inCurrent.clear();
    current = [];
  };
  for (const item of planned) {
    const self = recordKey(item.entity, item.recordId);
    if (item.dependsOn.some((key) => blocked.has(key)) || blocked.has(self)) {
      // Its target failed or waits for the user: this record waits too, and so do records pointing at it.
      blocked.add(self);
      continue;
    }
    let operation = item.operation;
    let deferred: Record<string, { entity: string; id: string }> | undefined;
    let pending = item.dependsOn.filter((key) => !createdBefore.has(key));
    const schema = input.local.entities.get(item.entity)?.schema;
    const mustPrecede = (key: string) =>
      'fields' in operation &&
      referencedRecords(operation.fields).some(([name, ref]) => {
        const field = schema?.fields.find((candidate) => candidate.name === name);
        return recordKey(ref.entity, ref.id) === key && (field?.parent === true || field?.required === true);
      });
    if (pending.some((key) => inCurrent.has(key) && (input.pass === 2 || mustPrecede(key)))) {
      // A parent (or a required lookup's target) is created in this batch: send that batch first.
      flush();
      pending = item.dependsOn.filter((key) => !createdBefore.has(key));
    }
    if (pending.length > 0) {
      if (input.pass === 2 || pending.some(mustPrecede) || (operation.kind !== 'create' && operation.kind !== 'update')) {
        // Its target is not on the server and is not being created before it: it waits.
        blocked.add(self);
        continue;
      }
      // A plain lookup to a record created later (a self-reference, a cycle): set it in pass 2.
      const fields: Record<string, FieldValues[string]> = { ...operation.fields };
      deferred = {};
      for (const [name, ref] of referencedRecords(operation.fields)) {
        if (pending.includes(recordKey(ref.entity, ref.id))) {
          deferred[name] = ref;
          delete fields[name];
        }
      }
      operation = { ...operation, fields };
    }
    current.push({ ...item, operation, ...(deferred ? { deferred } : {}) });
    if (operation.kind === 'create') inCurrent.add(self);
    if (current.length >= input.batchSize) flush();
  }
  flush();
  return batches;
}
