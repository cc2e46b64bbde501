import { ContractViolationError, type WriteOperation, type WriteResult } from '@fieldsync/connector-api';
import { decodeRecord } from '../decode/decode-records';
import { json, type JsonObject } from '../decode/json-reader';
import type { GraphqlRequest } from '../graphql-client';

/** The `writeBatch` mutation. */
export function writeBatchRequest(operations: readonly WriteOperation[], allOrNone: boolean): GraphqlRequest {
  return {
    operationName: 'WriteBatch',
    query: `mutation WriteBatch($operations: JSON!, $allOrNone: Boolean) { writeBatch(operations: $operations, allOrNone: $allOrNone) }`,
    variables: { operations, allOrNone },
  };
}

/** Checks the results: one per operation, in order, each with the operation's idempotency key and its status's shape. */
export function decodeWriteBatch(data: JsonObject, operations: readonly WriteOperation[]): WriteResult[] {
  const results = json.array(data.writeBatch, 'writeBatch');
  if (results.length !== operations.length) {
    throw new ContractViolationError(`${results.length} results for ${operations.length} operations`, 'writeBatch');
  }
  return results.map((value, index) => decodeResult(value, operations[index], `writeBatch[${index}]`));
}

function decodeResult(value: unknown, operation: WriteOperation, at: string): WriteResult {
  const result = json.object(value, at);
  const idempotencyKey = json.string(result.idempotencyKey, `${at}.idempotencyKey`);
  if (idempotencyKey !== operation.idempotencyKey) {
    throw new ContractViolationError(`idempotency key '${idempotencyKey}' is not the operation's '${operation.idempotencyKey}'`, `${at}.idempotencyKey`);
  }
  const status = json.oneOf(result.status, ['ok', 'conflict', 'not-found', 'failed'] as const, `${at}.status`);
  switch (status) {
    case 'ok': {
      const version = json.optionalString(result.version, `${at}.version`);
      const record = result.record === undefined || result.record === null ? undefined : decodeRecord(result.record, operation.entity, `${at}.record`);
      return {
        status,
        idempotencyKey,
        id: json.nonEmptyString(result.id, `${at}.id`),
        replayed: json.boolean(result.replayed, `${at}.replayed`),
        ...(version === undefined ? {} : { version }),
        ...(record === undefined ? {} : { record }),
      };
    }
    case 'conflict':
      return {
        status,
        idempotencyKey,
        id: json.nonEmptyString(result.id, `${at}.id`),
        serverRecord: decodeRecord(result.serverRecord, operation.entity, `${at}.serverRecord`),
      };
    case 'not-found':
      return { status, idempotencyKey, id: json.nonEmptyString(result.id, `${at}.id`) };
    case 'failed': {
      const id = json.optionalString(result.id, `${at}.id`);
      const error = json.object(result.error, `${at}.error`);
      const field = json.optionalString(error.field, `${at}.error.field`);
      return {
        status,
        idempotencyKey,
        ...(id === undefined ? {} : { id }),
        error: {
          code: json.nonEmptyString(error.code, `${at}.error.code`),
          message: json.string(error.message, `${at}.error.message`),
          ...(field === undefined ? {} : { field }),
          retryable: json.boolean(error.retryable, `${at}.error.retryable`),
        },
      };
    }
  }
}
