import type { CrmRecord, FieldValues } from '@fieldsync/model';

interface WriteOperationBase {
  readonly entity: string;
  /**
   * Unique per logical operation, kept by the client across retries: the backend applies an
   * operation once per key and answers a repeat with the first result.
   */
  readonly idempotencyKey: string;
}

/** Create a record. With `clientAssignedIds`, `id` is kept; otherwise the server assigns one. */
export interface CreateOperation extends WriteOperationBase {
  readonly kind: 'create';
  readonly id?: string;
  readonly fields: FieldValues;
}

/** Update fields of a record. With `baseVersion`, a server version other than it is a conflict. */
export interface UpdateOperation extends WriteOperationBase {
  readonly kind: 'update';
  readonly id: string;
  readonly fields: FieldValues;
  readonly baseVersion?: string;
}

/** Delete a record. With `baseVersion`, a server version other than it is a conflict. */
export interface DeleteOperation extends WriteOperationBase {
  readonly kind: 'delete';
  readonly id: string;
  readonly baseVersion?: string;
}

/** Change a record's state and status (close a quote, complete a task). */
export interface SetStateOperation extends WriteOperationBase {
  readonly kind: 'setState';
  readonly id: string;
  readonly state: number;
  readonly status: number;
  readonly baseVersion?: string;
}

/** Link or unlink two records through an N:N relationship. */
export interface AssociateOperation extends WriteOperationBase {
  readonly kind: 'associate' | 'disassociate';
  /** The relationship (intersect entity) name. */
  readonly relationship: string;
  readonly id: string;
  readonly relatedEntity: string;
  readonly relatedId: string;
}

/** One operation of a write batch. */
export type WriteOperation = CreateOperation | UpdateOperation | DeleteOperation | SetStateOperation | AssociateOperation;

/** Operations sent in one call. */
export interface WriteBatch {
  /** At most `capabilities.maxBatchSize` operations, applied in order. */
  readonly operations: readonly WriteOperation[];
  /** All succeed or none is applied. @default false */
  readonly allOrNone?: boolean;
}

/** The operation was applied (or had been, for a repeated idempotency key). */
export interface WriteSucceeded {
  readonly status: 'ok';
  readonly idempotencyKey: string;
  /** The record's id (server-assigned for creates without client ids). */
  readonly id: string;
  /** The record's version after the write; absent for deletes and (dis)associations. */
  readonly version?: string;
  /** The record as stored after the write, with server-computed fields; absent for deletes. */
  readonly record?: CrmRecord;
  /** True when this answers a repeat of an operation already applied. */
  readonly replayed: boolean;
}

/** The server's version differs from `baseVersion`; nothing was written. */
export interface WriteConflict {
  readonly status: 'conflict';
  readonly idempotencyKey: string;
  readonly id: string;
  /** The server's current record, for the conflict policy to merge or choose. */
  readonly serverRecord: CrmRecord;
}

/** The record to update, delete or change does not exist on the server (deleted meanwhile). */
export interface WriteNotFound {
  readonly status: 'not-found';
  readonly idempotencyKey: string;
  readonly id: string;
}

/** The operation failed; nothing of it was written. */
export interface WriteFailed {
  readonly status: 'failed';
  readonly idempotencyKey: string;
  readonly id?: string;
  readonly error: {
    /** Stable code: PERMISSION_DENIED, VALIDATION_FAILED, REFERENCE_NOT_FOUND, ROLLED_BACK, ... */
    readonly code: string;
    readonly message: string;
    /** The field at fault, when one is. */
    readonly field?: string;
    /** Sending the same operation again may succeed (a transient fault, a rolled-back batch). */
    readonly retryable: boolean;
  };
}

/** The per-operation result of a write batch. */
export type WriteResult = WriteSucceeded | WriteConflict | WriteNotFound | WriteFailed;
