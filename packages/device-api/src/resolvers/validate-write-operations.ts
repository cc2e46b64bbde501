import type { WriteOperation } from '@fieldsync/connector-api';
import { FieldsyncError, recordIdProblem, type RecordIdFormat } from '@fieldsync/model';

const KINDS = new Set(['create', 'update', 'delete', 'setState', 'associate', 'disassociate']);

function refuse(field: string, message: string): never {
  throw new FieldsyncError('BAD_USER_INPUT', `${field}: ${message}`, { field });
}

function requireString(value: unknown, field: string): void {
  if (typeof value !== 'string' || value === '') refuse(field, 'must be a non-empty string');
}

function requireId(value: unknown, field: string, idFormat: RecordIdFormat): void {
  const problem = recordIdProblem(value, idFormat);
  if (problem) refuse(field, problem);
}

/**
 * Checks the shape of a write batch sent as JSON (kinds, entity, idempotency keys, fields) and that
 * every record id (`id`, `relatedId`) has the backend's id format; names the first element at fault.
 * The connector then checks what the CRM knows (fields, privileges).
 */
export function validateWriteOperations(value: unknown, field: string, idFormat: RecordIdFormat = 'token'): WriteOperation[] {
  if (!Array.isArray(value)) refuse(field, 'must be a list of operations');
  value.forEach((operation: unknown, index) => {
    const at = `${field}[${index}]`;
    if (typeof operation !== 'object' || operation === null || Array.isArray(operation)) refuse(at, 'must be an object');
    const op = operation as Record<string, unknown>;
    if (typeof op.kind !== 'string' || !KINDS.has(op.kind)) refuse(`${at}.kind`, `must be one of ${[...KINDS].join(', ')}`);
    requireString(op.entity, `${at}.entity`);
    requireString(op.idempotencyKey, `${at}.idempotencyKey`);
    if (op.kind !== 'create' || op.id !== undefined) requireId(op.id, `${at}.id`, idFormat);
    if (op.kind === 'create' || op.kind === 'update') {
      if (typeof op.fields !== 'object' || op.fields === null || Array.isArray(op.fields)) refuse(`${at}.fields`, 'must be an object of field values');
    }
    if (op.baseVersion !== undefined && typeof op.baseVersion !== 'string') refuse(`${at}.baseVersion`, 'must be a string');
    if (op.kind === 'setState' && (!Number.isInteger(op.state) || !Number.isInteger(op.status))) refuse(`${at}.state`, 'state and status must be integers');
    if (op.kind === 'associate' || op.kind === 'disassociate') {
      requireString(op.relationship, `${at}.relationship`);
      requireString(op.relatedEntity, `${at}.relatedEntity`);
      requireId(op.relatedId, `${at}.relatedId`, idFormat);
    }
  });
  return value as WriteOperation[];
}
