import type { DeleteOperation, UpdateOperation, WriteBatch, WriteOperation, WriteResult } from '@fieldsync/connector-api';
import { FieldsyncError, type CrmRecord } from '@fieldsync/model';
import { SalesforceCallError, type SalesforceAnswer, type SalesforceRequest } from '../connector/salesforce-client';
import type { SalesforceErrorContext } from '../errors/map-salesforce-error';
import { toApiFields, type SalesforceRecord } from '../schema/convert-record';
import type { SObjectMapping } from '../schema/sobject-mapping';
import { buildQuery } from '../soql/build-query';
import { soqlId } from '../soql/soql-literals';

/** What the writer needs from its connector. */
export interface SalesforceWriterDeps {
  send<T>(request: SalesforceRequest, context: SalesforceErrorContext, idempotent?: boolean): Promise<SalesforceAnswer<T>>;
  mapping(entity: string): Promise<SObjectMapping>;
  toRecord(raw: SalesforceRecord, mapping: SObjectMapping, at: string): CrmRecord;
  readonly externalIdField?: string;
  readonly conditionalWrites: 'if-unmodified-since' | 'if-match';
}

/** One result of an sObject Collections call. */
interface CollectionItem {
  readonly id?: string;
  readonly success: boolean;
  readonly created?: boolean;
  readonly errors?: readonly { readonly statusCode?: string; readonly errorCode?: string; readonly message?: string; readonly fields?: readonly string[] }[];
}

type Failure = Extract<WriteResult, { status: 'failed' }>['error'];

/** Salesforce statusCodes that mean the target record is gone. */
const GONE = new Set(['ENTITY_IS_DELETED', 'NOT_FOUND', 'INVALID_ID_FIELD', 'INVALID_CROSS_REFERENCE_KEY']);
/** Salesforce statusCodes the connector reports under a Fieldsync code. */
const CODES: Readonly<Record<string, string>> = {
  REQUIRED_FIELD_MISSING: 'VALIDATION_FAILED',
  FIELD_CUSTOM_VALIDATION_EXCEPTION: 'VALIDATION_FAILED',
  STRING_TOO_LONG: 'VALIDATION_FAILED',
  INVALID_FIELD: 'VALIDATION_FAILED',
  INVALID_TYPE_ON_FIELD_IN_RECORD: 'VALIDATION_FAILED',
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: 'VALIDATION_FAILED',
  DUPLICATE_VALUE: 'VALIDATION_FAILED',
  INSUFFICIENT_ACCESS_OR_READONLY: 'PERMISSION_DENIED',
  INSUFFICIENT_ACCESS: 'PERMISSION_DENIED',
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: 'PERMISSION_DENIED',
  CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY: 'PERMISSION_DENIED',
  ALL_OR_NONE_OPERATION_ROLLED_BACK: 'ROLLED_BACK',
  UNABLE_TO_LOCK_ROW: 'TRANSIENT',
};

/**
 * Applies write batches through sObject Collections: consecutive creates of one entity are one upsert
 * on the external-id field (keyed by the client id or idempotency key, so a repeat finds the record
 * instead of duplicating it), consecutive plain updates and deletes one collection call each; an update
 * or delete with a base version is a conditional `PATCH`/`DELETE /sobjects/{type}/{id}` the server
 * refuses with 412 when the record changed, answered as a conflict with the server record.
 */
export class SalesforceWriter {
  readonly #deps: SalesforceWriterDeps;
  /** Idempotency keys of deletes whose answer was lost: a repeat that finds the record gone applied it. */
  readonly #uncertainDeletes = new Set<string>();

  constructor(deps: SalesforceWriterDeps) {
    this.#deps = deps;
  }

  async write(batch: WriteBatch): Promise<WriteResult[]> {
    const operations = batch.operations;
    const allOrNone = batch.allOrNone ?? false;
    const results: (WriteResult | undefined)[] = new Array(operations.length);
    const runs = this.#runs(operations);
    for (const [runIndex, run] of runs.entries()) {
      try {
        await this.#applyRun(run, operations, results, allOrNone && runs.length === 1);
      } catch (error) {
        if (FieldsyncError.is(error, 'TRANSIENT')) {
          for (const index of run) if (operations[index].kind === 'delete') this.#uncertainDeletes.add(operations[index].idempotencyKey);
        }
        throw error;
      }
      if (allOrNone && run.some((index) => results[index]?.status !== 'ok')) {
        // Later runs are not sent: sObject Collections cannot roll back a run already committed.
        for (const later of runs.slice(runIndex + 1).flat()) {
          results[later] = failed(operations[later], {
            code: 'ROLLED_BACK',
            message: 'not sent: an earlier operation of this all-or-none batch failed',
            retryable: true,
          });
        }
        break;
      }
    }
    results.forEach((result, index) => {
      const key = operations[index].idempotencyKey;
      if (result?.status === 'not-found' && this.#uncertainDeletes.has(key)) {
        results[index] = { status: 'ok', idempotencyKey: key, id: result.id, replayed: true };
      }
      if (result !== undefined) this.#uncertainDeletes.delete(key);
    });
    return results.map(
      (result, index) => result ?? failed(operations[index], { code: 'NOT_APPLIED', message: 'the operation was not applied', retryable: true }),
    );
  }

  /** Groups operation indexes into runs sent as one call: same kind and entity, consecutive. */
  #runs(operations: readonly WriteOperation[]): number[][] {
    const runs: number[][] = [];
    let lastKey: string | undefined;
    operations.forEach((operation, index) => {
      const key = runKey(operation, index);
      if (key === lastKey) runs[runs.length - 1].push(index);
      else runs.push([index]);
      lastKey = key;
    });
    return runs;
  }

  async #applyRun(run: readonly number[], operations: readonly WriteOperation[], results: (WriteResult | undefined)[], allOrNone: boolean): Promise<void> {
    const first = operations[run[0]];
    let mapping: SObjectMapping;
    try {
      mapping = await this.#deps.mapping(first.entity);
    } catch (error) {
      if (!FieldsyncError.is(error, 'UNKNOWN_ENTITY')) throw error;
      for (const index of run) results[index] = failed(operations[index], { code: 'UNKNOWN_ENTITY', message: String(error.message), retryable: false });
      return;
    }
    switch (first.kind) {
      case 'create':
        return this.#creates(run, operations, results, mapping, allOrNone);
      case 'update':
        if (first.baseVersion !== undefined) return this.#conditional(run[0], first, results, mapping);
        return this.#updates(run, operations, results, mapping, allOrNone);
      case 'delete':
        if (first.baseVersion !== undefined) return this.#conditional(run[0], first, results, mapping);
        return this.#deletes(run, operations, results, mapping, allOrNone);
      default:
        for (const index of run) {
          results[index] = failed(operations[index], {
            code: 'UNSUPPORTED_OPERATION',
            message: `Salesforce has no '${operations[index].kind}' operation`,
            retryable: false,
          });
        }
    }
  }

  async #creates(
    run: readonly number[],
    operations: readonly WriteOperation[],
    results: (WriteResult | undefined)[],
    mapping: SObjectMapping,
    allOrNone: boolean,
  ): Promise<void> {
    const external = this.#deps.externalIdField;
    const records: Record<string, unknown>[] = [];
    const sent: number[] = [];
    for (const index of run) {
      const operation = operations[index];
      if (operation.kind !== 'create') continue;
      const body = this.#body(operation, mapping, 'create', results, index);
      if (!body) continue;
      records.push({ attributes: { type: mapping.sObject }, ...body, ...(external ? { [external]: operation.id ?? operation.idempotencyKey } : {}) });
      sent.push(index);
    }
    if (sent.length === 0) return;
    const context = { operation: 'writeBatch', entity: mapping.entity.name };
    // An upsert on the external id is safe to send again after a lost answer; a plain insert is not.
    const answer = external
      ? await this.#deps.send<CollectionItem[]>(
          { method: 'PATCH', url: `/composite/sobjects/${mapping.sObject}/${external}`, body: { allOrNone, records } },
          context,
          true,
        )
      : await this.#deps.send<CollectionItem[]>({ method: 'POST', url: '/composite/sobjects', body: { allOrNone, records } }, context, false);
    await this.#collect(answer.body, sent, operations, results, mapping, external !== undefined);
  }

  async #updates(
    run: readonly number[],
    operations: readonly WriteOperation[],
    results: (WriteResult | undefined)[],
    mapping: SObjectMapping,
    allOrNone: boolean,
  ): Promise<void> {
    const records: Record<string, unknown>[] = [];
    const sent: number[] = [];
    for (const index of run) {
      const operation = operations[index];
      if (operation.kind !== 'update') continue;
      const body = this.#body(operation, mapping, 'update', results, index);
      if (!body) continue;
      records.push({ attributes: { type: mapping.sObject }, id: operation.id, ...body });
      sent.push(index);
    }
    if (sent.length === 0) return;
    const answer = await this.#deps.send<CollectionItem[]>(
      { method: 'PATCH', url: '/composite/sobjects', body: { allOrNone, records } },
      { operation: 'writeBatch', entity: mapping.entity.name },
      true,
    );
    await this.#collect(answer.body, sent, operations, results, mapping, false);
  }

  async #deletes(
    run: readonly number[],
    operations: readonly WriteOperation[],
    results: (WriteResult | undefined)[],
    mapping: SObjectMapping,
    allOrNone: boolean,
  ): Promise<void> {
    const ids = run.map((index) => (operations[index] as DeleteOperation).id);
    const url = `/composite/sobjects?ids=${ids.map(encodeURIComponent).join(',')}&allOrNone=${allOrNone}`;
    const answer = await this.#deps.send<CollectionItem[]>({ method: 'DELETE', url }, { operation: 'writeBatch', entity: mapping.entity.name }, false);
    await this.#collect(answer.body, [...run], operations, results, mapping, false);
  }

  /** One update or delete sent with the base version as a precondition; 412 is a conflict. */
  async #conditional(
    index: number,
    operation: UpdateOperation | DeleteOperation,
    results: (WriteResult | undefined)[],
    mapping: SObjectMapping,
  ): Promise<void> {
    const base = operation.baseVersion as string;
    const headers: Record<string, string> =
      this.#deps.conditionalWrites === 'if-match' ? { 'If-Match': `"${base}"` } : { 'If-Unmodified-Since': new Date(Date.parse(base)).toUTCString() };
    let body: Record<string, unknown> | undefined;
    if (operation.kind === 'update') {
      body = this.#body(operation, mapping, 'update', results, index);
      if (!body) return;
    }
    const context = { operation: 'writeBatch', entity: mapping.entity.name };
    const url = `/sobjects/${mapping.sObject}/${encodeURIComponent(operation.id)}`;
    try {
      // A delete is not resent here: a resend would find the record gone and could not tell that from a
      // delete by someone else; the caller's retry (same idempotency key) is answered as a replay instead.
      await this.#deps.send<unknown>(
        { method: operation.kind === 'update' ? 'PATCH' : 'DELETE', url, headers, ...(body ? { body } : {}) },
        context,
        operation.kind === 'update',
      );
    } catch (error) {
      const failure = error instanceof SalesforceCallError ? error.failure : undefined;
      const code = FieldsyncError.is(error) ? String((error.details as Record<string, unknown>).errorCode ?? error.code) : failure?.errorCode;
      const status = FieldsyncError.is(error) ? (error.details as Record<string, unknown>).status : failure?.status;
      if (status === 412 || code === 'PRECONDITION_FAILED' || code === 'ERROR_HTTP_412') {
        const server = (await this.#fetch(mapping, [operation.id])).get(operation.id);
        if (!server) results[index] = { status: 'not-found', idempotencyKey: operation.idempotencyKey, id: operation.id };
        else if (operation.kind === 'update' && alreadyApplied(server, operation)) {
          // The same update sent again after its answer was lost: the server holds what it asked for.
          results[index] = {
            status: 'ok',
            idempotencyKey: operation.idempotencyKey,
            id: operation.id,
            ...(server.version ? { version: server.version } : {}),
            record: server,
            replayed: true,
          };
        } else results[index] = { status: 'conflict', idempotencyKey: operation.idempotencyKey, id: operation.id, serverRecord: server };
        return;
      }
      if (status === 404 || (code !== undefined && GONE.has(code))) {
        results[index] = { status: 'not-found', idempotencyKey: operation.idempotencyKey, id: operation.id };
        return;
      }
      if (FieldsyncError.is(error, 'SALESFORCE_API_ERROR') || FieldsyncError.is(error, 'PERMISSION_DENIED')) {
        results[index] = failed(operation, { code: CODES[code ?? ''] ?? code ?? 'FAILED', message: String((error as Error).message), retryable: false });
        return;
      }
      throw error;
    }
    if (operation.kind === 'delete') {
      results[index] = { status: 'ok', idempotencyKey: operation.idempotencyKey, id: operation.id, replayed: false };
      return;
    }
    const record = (await this.#fetch(mapping, [operation.id])).get(operation.id);
    results[index] = {
      status: 'ok',
      idempotencyKey: operation.idempotencyKey,
      id: operation.id,
      ...(record?.version ? { version: record.version } : {}),
      ...(record ? { record } : {}),
      replayed: false,
    };
  }

  /** Turns the per-record answers of a collection call into results, reading back the records written. */
  async #collect(
    items: readonly CollectionItem[],
    sent: readonly number[],
    operations: readonly WriteOperation[],
    results: (WriteResult | undefined)[],
    mapping: SObjectMapping,
    upsert: boolean,
  ): Promise<void> {
    if (!Array.isArray(items) || items.length !== sent.length) {
      throw new FieldsyncError('CONTRACT_VIOLATION', `writeBatch: ${Array.isArray(items) ? items.length : 'no'} results for ${sent.length} records`, {
        where: 'composite/sobjects',
      });
    }
    const written: string[] = [];
    for (const item of items) if (item.success && typeof item.id === 'string') written.push(item.id);
    const records = operations[sent[0]].kind === 'delete' || written.length === 0 ? new Map<string, CrmRecord>() : await this.#fetch(mapping, written);
    items.forEach((item, position) => {
      const index = sent[position];
      const operation = operations[index];
      const id = 'id' in operation && typeof operation.id === 'string' && operation.kind !== 'create' ? operation.id : item.id;
      if (item.success && typeof item.id === 'string') {
        const record = records.get(item.id);
        results[index] = {
          status: 'ok',
          idempotencyKey: operation.idempotencyKey,
          id: item.id,
          ...(record?.version ? { version: record.version } : {}),
          ...(record ? { record } : {}),
          replayed: upsert && item.created === false,
        };
        return;
      }
      const error = item.errors?.[0];
      const code = error?.statusCode ?? error?.errorCode ?? 'UNKNOWN';
      if (operation.kind !== 'create' && GONE.has(code) && id !== undefined) {
        results[index] = { status: 'not-found', idempotencyKey: operation.idempotencyKey, id };
        return;
      }
      const apiField = error?.fields?.[0];
      const field = apiField === undefined ? undefined : (mapping.byApiName.get(apiField) ?? apiField);
      results[index] = failed(
        operation,
        {
          code: CODES[code] ?? code,
          message: error?.message ?? 'Salesforce refused the record',
          ...(field === undefined ? {} : { field }),
          retryable: code === 'ALL_OR_NONE_OPERATION_ROLLED_BACK' || code === 'UNABLE_TO_LOCK_ROW',
        },
        id,
      );
    });
  }

  /** The body of a create or update, or a failed result when a field cannot be written. */
  #body(
    operation: WriteOperation & { fields: CrmRecord['fields'] },
    mapping: SObjectMapping,
    mode: 'create' | 'update',
    results: (WriteResult | undefined)[],
    index: number,
  ): Record<string, unknown> | undefined {
    try {
      return toApiFields(operation.fields, mapping, mode);
    } catch (error) {
      results[index] = failed(operation, { code: 'VALIDATION_FAILED', message: (error as Error).message, retryable: false });
      return undefined;
    }
  }

  /** The records of `ids` as the server holds them now. */
  async #fetch(mapping: SObjectMapping, ids: readonly string[]): Promise<Map<string, CrmRecord>> {
    const found = new Map<string, CrmRecord>();
    const select = [
      'Id',
      'SystemModstamp',
      ...[...mapping.fields.values()]
        .filter((field) => field.readable && field.apiName !== 'Id' && field.apiName !== 'SystemModstamp')
        .map((field) => field.apiName),
    ];
    for (let offset = 0; offset < ids.length; offset += 200) {
      const chunk = ids.slice(offset, offset + 200).map(soqlId);
      const soql = buildQuery({ select, from: mapping.sObject, where: [`Id IN (${chunk.join(', ')})`] });
      const { body } = await this.#deps.send<{ records: SalesforceRecord[] }>(
        { method: 'GET', url: `/query?q=${encodeURIComponent(soql)}` },
        { operation: 'writeBatch', entity: mapping.entity.name },
      );
      (body.records ?? []).forEach((raw, position) => {
        const record = this.#deps.toRecord(raw, mapping, `writeBatch.readBack[${position}]`);
        found.set(record.id, record);
      });
    }
    return found;
  }
}

function runKey(operation: WriteOperation, index: number): string {
  switch (operation.kind) {
    case 'create':
      return `create:${operation.entity}`;
    case 'update':
    case 'delete':
      return operation.baseVersion === undefined ? `${operation.kind}:${operation.entity}` : `conditional:${index}`;
    default:
      return `${operation.kind}:${index}`;
  }
}

function failed(operation: WriteOperation, error: Failure, id?: string): WriteResult {
  const known = id ?? ('id' in operation ? operation.id : undefined);
  return { status: 'failed', idempotencyKey: operation.idempotencyKey, ...(known === undefined ? {} : { id: known }), error };
}

/** The server record already holds every field value the update asked for. */
function alreadyApplied(server: CrmRecord, operation: UpdateOperation): boolean {
  return Object.entries(operation.fields).every(([name, value]) => {
    const held = server.fields[name];
    if (typeof value === 'object' && value !== null && typeof held === 'object' && held !== null) return value.id === held.id;
    return held === value;
  });
}
