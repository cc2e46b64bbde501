import { BatchTooLargeError, type WriteBatch, type WriteOperation, type WriteResult } from '@fieldsync/connector-api';
import { FieldsyncError, type CrmRecord, type FieldValue } from '@fieldsync/model';
import { parseBatchAnswer } from '../batch/parse-batch-answer';
import type { BatchItem, BatchPartResponse, BatchRequest } from '../batch/batch-request';
import { writeBatchBody } from '../batch/write-batch-body';
import { BatchFormatError } from '../errors/batch-format-error';
import { DataverseErrorCodes } from '../errors/dataverse-error-codes';
import { DynamicsApiError } from '../errors/dynamics-api-error';
import { readDataverseError } from '../errors/dynamics-call-failure';
import type { DynamicsHttpClient } from '../http/dynamics-http-client';
import { toCrmRecord, toDataverseBody, WriteValueError } from '../schema/convert-record';
import type { EntityMapping } from '../schema/entity-mapping';
import { guidForKey } from './guid-for-key';
import { chunkGroups, groupOperations } from './plan-batch';
import { writeFailureOf } from './write-failure';

/** What {@link DynamicsWriter} needs from the connector. */
export interface DynamicsWriterOptions {
  readonly client: DynamicsHttpClient;
  /** The Web API root, ending in `/`. */
  readonly apiUrl: string;
  readonly mapping: (entity: string) => Promise<EntityMapping>;
  /** The entity set of any entity, described or not (`systemuser` → `systemusers`). */
  readonly entitySetOf: (entity: string) => string;
  readonly maxRequestsPerBatch: number;
  /** Reads one record as it is now, or undefined when it does not exist. */
  readonly readRecord: (mapping: EntityMapping, id: string) => Promise<CrmRecord | undefined>;
}

/** One operation made ready to send, or refused before sending. */
interface Prepared {
  readonly operation: WriteOperation;
  readonly mapping?: EntityMapping;
  /** The record id the operation writes (for creates: the client's or the key's GUID). */
  readonly id: string;
  readonly request?: Omit<BatchRequest, 'contentId'>;
  readonly refused?: WriteResult;
}

/** Idempotency keys remembered (first results, unconfirmed sends); the oldest are forgotten past it. */
const REMEMBERED_KEYS = 50_000;

const ROLLED_BACK = (operation: WriteOperation, id: string, why: string): WriteResult => ({
  status: 'failed',
  idempotencyKey: operation.idempotencyKey,
  id,
  error: { code: 'ROLLED_BACK', message: why, retryable: true },
});

/**
 * Applies write batches through the Web API's `$batch` (docs/decisions/097): independent operations
 * as top-level requests with `Prefer: odata.continue-on-error`, a create and the operations that refer
 * to it as one change set (`$n` references), an `allOrNone` batch as one change set. Creates carry a
 * client GUID (the key's when the client gave none), so a replay answers duplicate key and is confirmed
 * by reading the record; updates and deletes with a base version send `If-Match`, and a 412 becomes a
 * conflict carrying the record read after it. A batch whose answer was lost leaves its keys as
 * unconfirmed, so that its retry recognises its own earlier effects (no self-conflict, no not-found).
 */
export class DynamicsWriter {
  readonly #options: DynamicsWriterOptions;
  /** First results by idempotency key, for repeats within this connector's life. */
  readonly #done = new Map<string, WriteResult>();
  /** Keys of operations sent in a batch whose answer never came. */
  readonly #unconfirmed = new Set<string>();

  constructor(options: DynamicsWriterOptions) {
    this.#options = options;
  }

  /** Applies the batch and answers one result per operation, in order. See the class for the rules. */
  async write(batch: WriteBatch, maxBatchSize: number): Promise<WriteResult[]> {
    const operations = batch.operations;
    if (operations.length > maxBatchSize) throw new BatchTooLargeError(operations.length, maxBatchSize);
    if (batch.allOrNone && operations.length > this.#options.maxRequestsPerBatch)
      throw new BatchTooLargeError(operations.length, this.#options.maxRequestsPerBatch);
    const results: (WriteResult | undefined)[] = operations.map((operation) => {
      const first = this.#done.get(operation.idempotencyKey);
      return first ? ({ ...first, replayed: true } as WriteResult) : undefined;
    });
    const pending = operations.map((_, index) => index).filter((index) => results[index] === undefined);
    const prepared = new Map<number, Prepared>();
    for (const index of pending) prepared.set(index, await this.#prepare(operations[index]));
    if (batch.allOrNone && [...prepared.values()].some((entry) => entry.refused)) {
      for (const [index, entry] of prepared)
        results[index] = entry.refused ?? ROLLED_BACK(entry.operation, entry.id, 'not applied: another operation of the allOrNone batch was refused');
      return results as WriteResult[];
    }
    const sendable = pending.filter((index) => {
      const entry = prepared.get(index) as Prepared;
      if (entry.refused) results[index] = entry.refused;
      return !entry.refused;
    });
    const created = sendable.map((index) => (operations[index].kind === 'create' ? (prepared.get(index) as Prepared).id : undefined));
    const groups = batch.allOrNone
      ? [sendable.map((_, position) => position)]
      : groupOperations(
          sendable.map((index) => operations[index]),
          created,
        );
    for (const chunk of chunkGroups(groups, this.#options.maxRequestsPerBatch)) {
      const chunkResults = await this.#send(
        chunk.map((group) => group.map((position) => sendable[position])),
        prepared,
        !batch.allOrNone,
      );
      for (const [index, result] of chunkResults) results[index] = result;
    }
    for (const [index, result] of results.entries()) {
      if (result && result.status !== 'failed' && !this.#done.has(operations[index].idempotencyKey)) this.#done.set(operations[index].idempotencyKey, result);
      if (result && result.status !== 'failed') this.#unconfirmed.delete(operations[index].idempotencyKey);
    }
    forgetOldest(this.#done, REMEMBERED_KEYS);
    forgetOldest(this.#unconfirmed, REMEMBERED_KEYS);
    return results as WriteResult[];
  }

  async #prepare(operation: WriteOperation): Promise<Prepared> {
    const key = operation.idempotencyKey;
    const id = (operation.kind === 'create' ? (operation.id ?? guidForKey(key)) : operation.id).toLowerCase();
    let mapping: EntityMapping;
    try {
      mapping = await this.#options.mapping(operation.entity);
    } catch (error) {
      if (!FieldsyncError.is(error, 'UNKNOWN_ENTITY')) throw error;
      return {
        operation,
        id,
        refused: { status: 'failed', idempotencyKey: key, id, error: { code: 'UNKNOWN_ENTITY', message: (error as Error).message, retryable: false } },
      };
    }
    const set = mapping.entitySet;
    const ifMatch = (base: string | undefined): Record<string, string> => ({ 'If-Match': base ?? '*' });
    try {
      switch (operation.kind) {
        case 'create': {
          const missing = mapping.entity.fields.find(
            (field) =>
              field.required &&
              field.name !== mapping.entity.primaryKey &&
              mapping.createable.has(field.name) &&
              (operation.fields[field.name] ?? null) === null,
          );
          if (missing) throw new WriteValueError(missing.name, `field '${missing.name}' of ${mapping.entity.name} is required`);
          return {
            operation,
            mapping,
            id,
            request: {
              method: 'POST',
              url: set,
              headers: { Prefer: 'return=representation' },
              body: { ...toDataverseBody(operation.fields, mapping, this.#options.entitySetOf, mapping.createable), [mapping.entity.primaryKey]: id },
            },
          };
        }
        case 'update':
          return {
            operation,
            mapping,
            id,
            request: {
              method: 'PATCH',
              url: `${set}(${id})`,
              headers: { ...ifMatch(operation.baseVersion), Prefer: 'return=representation' },
              body: toDataverseBody(operation.fields, mapping, this.#options.entitySetOf, mapping.updateable),
            },
          };
        case 'delete':
          return {
            operation,
            mapping,
            id,
            request: { method: 'DELETE', url: `${set}(${id})`, headers: operation.baseVersion ? ifMatch(operation.baseVersion) : {} },
          };
        case 'setState':
          return {
            operation,
            mapping,
            id,
            request: {
              method: 'PATCH',
              url: `${set}(${id})`,
              headers: { ...ifMatch(operation.baseVersion), Prefer: 'return=representation' },
              body: { statecode: operation.state, statuscode: operation.status },
            },
          };
        case 'associate':
        case 'disassociate': {
          const related = `${this.#options.apiUrl}${this.#options.entitySetOf(operation.relatedEntity)}(${operation.relatedId})`;
          return operation.kind === 'associate'
            ? { operation, mapping, id, request: { method: 'POST', url: `${set}(${id})/${operation.relationship}/$ref`, body: { '@odata.id': related } } }
            : { operation, mapping, id, request: { method: 'DELETE', url: `${set}(${id})/${operation.relationship}(${operation.relatedId})/$ref` } };
        }
      }
    } catch (error) {
      if (!(error instanceof WriteValueError)) throw error;
      return {
        operation,
        id,
        refused: {
          status: 'failed',
          idempotencyKey: key,
          id,
          error: { code: 'VALIDATION_FAILED', message: error.message, field: error.field, retryable: false },
        },
      };
    }
  }

  /** Sends one `$batch` of groups (each a change set when it has several operations) and reads the results. */
  async #send(groups: readonly (readonly number[])[], prepared: ReadonlyMap<number, Prepared>, independent: boolean): Promise<Map<number, WriteResult>> {
    let contentId = 0;
    const byContentId = new Map<string, number>();
    const items: BatchItem[] = groups.map((group) => {
      const references = new Map<string, string>();
      const requests = group.map((index) => {
        const entry = prepared.get(index) as Prepared;
        const id = String(++contentId);
        byContentId.set(id, index);
        let request = entry.request as Omit<BatchRequest, 'contentId'>;
        if (group.length > 1 && entry.operation.kind !== 'create' && references.has(entry.id) && request.url.startsWith(`${entry.mapping?.entitySet}(`)) {
          request = { ...request, url: `${references.get(entry.id)}${request.url.slice(request.url.indexOf(')') + 1)}` };
        }
        if (group.length > 1 && request.body && typeof request.body === 'object')
          request = { ...request, body: this.#withReferences(request.body as Record<string, unknown>, references) };
        if (entry.operation.kind === 'create') references.set(entry.id, `$${id}`);
        return { ...request, contentId: id };
      });
      return group.length > 1 || !independent ? { kind: 'changeSet', requests } : { kind: 'request', request: requests[0] };
    });
    const { contentType, body } = writeBatchBody(items, this.#options.apiUrl);
    const keys = groups.flat().map((index) => (prepared.get(index) as Prepared).operation.idempotencyKey);
    let answer;
    try {
      answer = await this.#options.client.send(
        // Without continue-on-error Dataverse answers a batch that stopped at an error with 400 and the multipart answer.
        {
          method: 'POST',
          url: '$batch',
          headers: { 'content-type': contentType, ...(independent ? { Prefer: 'odata.continue-on-error' } : {}) },
          body,
          accept: [400],
        },
        { operation: 'writeBatch' },
        false,
      );
    } catch (error) {
      if (FieldsyncError.is(error, 'TRANSIENT')) for (const key of keys) this.#unconfirmed.add(key);
      throw error;
    }
    if (answer.status === 400 && !/^multipart\/mixed/i.test(answer.headers['content-type'] ?? '')) {
      const failure = readDataverseError(400, answer.text, answer.headers);
      throw new DynamicsApiError(failure.errorCode, `the $batch was refused: ${failure.message}`, 400);
    }
    const parsed = parseBatchAnswer(answer.headers['content-type'], answer.text);
    const responses = new Map<number, BatchPartResponse>();
    const failedSets: { group: readonly number[]; response: BatchPartResponse }[] = [];
    parsed.forEach((item, position) => {
      const group = groups[position];
      if (!group) throw new BatchFormatError(`the answer has ${parsed.length} parts for ${groups.length} sent`, `$batch part ${position + 1}`);
      const list = item.kind === 'response' ? [item.response] : item.responses;
      if (item.kind === 'response' && group.length > 1) {
        failedSets.push({ group, response: item.response });
        return;
      }
      list.forEach((response, offset) => {
        const index = response.contentId !== undefined ? byContentId.get(response.contentId) : group[offset];
        if (index === undefined) throw new BatchFormatError(`Content-ID ${response.contentId} was not sent`, `$batch part ${position + 1}`);
        responses.set(index, response);
      });
    });
    const results = new Map<number, WriteResult>();
    for (const { group, response } of failedSets) {
      const culprit = response.contentId !== undefined ? byContentId.get(response.contentId) : this.#culpritByField(group, prepared, response);
      for (const index of group) {
        const entry = prepared.get(index) as Prepared;
        if (index === culprit) results.set(index, await this.#result(entry, response));
        else
          results.set(
            index,
            ROLLED_BACK(
              entry.operation,
              entry.id,
              culprit === undefined
                ? `rolled back with its change set: ${readDataverseError(response.status, response.body).message}`
                : 'rolled back with its change set',
            ),
          );
      }
    }
    for (const index of groups.flat()) {
      if (results.has(index)) continue;
      const entry = prepared.get(index) as Prepared;
      const response = responses.get(index);
      if (!response) {
        // Dataverse stopped before this request (an earlier one failed without continue-on-error).
        results.set(index, ROLLED_BACK(entry.operation, entry.id, 'not applied: the batch stopped at an earlier error'));
        continue;
      }
      results.set(index, await this.#result(entry, response));
    }
    return results;
  }

  /**
   * The operation a failed change set's error is about when the answer names no Content-ID: the first
   * one writing the field the error names, if exactly that can be told; otherwise none (all rolled back).
   */
  #culpritByField(group: readonly number[], prepared: ReadonlyMap<number, Prepared>, response: BatchPartResponse): number | undefined {
    const field = writeFailureOf(readDataverseError(response.status, response.body)).field;
    if (field === undefined) return undefined;
    const writing = group.filter((index) => {
      const operation = (prepared.get(index) as Prepared).operation;
      return (operation.kind === 'create' || operation.kind === 'update') && field in operation.fields;
    });
    return writing.length === 1 ? writing[0] : undefined;
  }

  #withReferences(body: Record<string, unknown>, references: ReadonlyMap<string, string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(body)) {
      const match = typeof value === 'string' && name.endsWith('@odata.bind') ? /\(([^)]+)\)$/.exec(value) : null;
      out[name] = match && references.has(match[1].toLowerCase()) ? references.get(match[1].toLowerCase()) : value;
    }
    return out;
  }

  /** One operation's result from its part of the answer. */
  async #result(entry: Prepared, response: BatchPartResponse): Promise<WriteResult> {
    const { operation, id } = entry;
    const key = operation.idempotencyKey;
    const mapping = entry.mapping as EntityMapping;
    const replayed = this.#unconfirmed.has(key);
    if (response.status >= 200 && response.status < 300) {
      if (operation.kind === 'delete' || operation.kind === 'associate' || operation.kind === 'disassociate')
        return { status: 'ok', idempotencyKey: key, id, replayed: false };
      const record =
        response.body.trim() === ''
          ? await this.#options.readRecord(mapping, id)
          : toCrmRecord(JSON.parse(response.body) as Record<string, unknown>, mapping, `$batch ${operation.kind} ${id}`);
      return { status: 'ok', idempotencyKey: key, id, replayed: false, ...(record?.version ? { version: record.version } : {}), ...(record ? { record } : {}) };
    }
    const failure = readDataverseError(response.status, response.body, response.headers);
    if (operation.kind === 'create' && failure.errorCode === DataverseErrorCodes.duplicateKey) {
      // The id is the client's or the key's GUID: the record exists because this create ran before.
      const record = await this.#options.readRecord(mapping, id);
      if (record) return { status: 'ok', idempotencyKey: key, id, replayed: true, ...(record.version ? { version: record.version } : {}), record };
    }
    if (response.status === 412 && (operation.kind === 'update' || operation.kind === 'delete' || operation.kind === 'setState')) {
      const record = await this.#options.readRecord(mapping, id);
      if (!record)
        return replayed && operation.kind === 'delete'
          ? { status: 'ok', idempotencyKey: key, id, replayed: true }
          : { status: 'not-found', idempotencyKey: key, id };
      if (replayed && this.#alreadyApplied(operation, record))
        return { status: 'ok', idempotencyKey: key, id, replayed: true, ...(record.version ? { version: record.version } : {}), record };
      return { status: 'conflict', idempotencyKey: key, id, serverRecord: record };
    }
    if ((response.status === 404 || failure.errorCode === DataverseErrorCodes.recordNotFound) && operation.kind !== 'create') {
      if (replayed && operation.kind === 'delete') return { status: 'ok', idempotencyKey: key, id, replayed: true };
      return { status: 'not-found', idempotencyKey: key, id };
    }
    return { status: 'failed', idempotencyKey: key, id, error: writeFailureOf(failure) };
  }

  /** The record already holds what the operation writes (its earlier attempt was applied). */
  #alreadyApplied(operation: WriteOperation, record: CrmRecord): boolean {
    if (operation.kind === 'setState') return record.fields.statecode === operation.state && record.fields.statuscode === operation.status;
    if (operation.kind !== 'update') return false;
    return Object.entries(operation.fields).every(([name, value]) => sameValue(record.fields[name], value));
  }
}

/** Drops the oldest entries past `limit` (insertion order), so a long-lived connector's memory stays bounded. */
function forgetOldest(keys: Map<string, unknown> | Set<string>, limit: number): void {
  for (const key of keys.keys()) {
    if (keys.size <= limit) return;
    keys.delete(key);
  }
}

function sameValue(server: FieldValue | undefined, written: FieldValue): boolean {
  if (server === undefined) return false;
  if (server !== null && written !== null && typeof server === 'object' && typeof written === 'object')
    return server.id.toLowerCase() === written.id.toLowerCase();
  return server === written;
}
