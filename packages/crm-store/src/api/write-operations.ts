import type { CrmRecord, FieldValues } from '@fieldsync/model';

interface StoreWriteBase {
  readonly entity: string;
  /** Applied once per (user, key); a repeat answers the first result with `replayed: true`. */
  readonly idempotencyKey: string;
}

/** Create a record; `id` is kept when given, else a new UUID. */
export interface StoreCreateOperation extends StoreWriteBase {
  readonly kind: 'create';
  readonly id?: string;
  readonly fields: FieldValues;
}

/** Update fields; a `baseVersion` other than the row's version is a conflict. */
export interface StoreUpdateOperation extends StoreWriteBase {
  readonly kind: 'update';
  readonly id: string;
  readonly fields: FieldValues;
  readonly baseVersion?: string;
}

/** Delete a record (cascading to children whose parent lookup points at it). */
export interface StoreDeleteOperation extends StoreWriteBase {
  readonly kind: 'delete';
  readonly id: string;
  readonly baseVersion?: string;
}

/** Set the state and status fields of a record. */
export interface StoreSetStateOperation extends StoreWriteBase {
  readonly kind: 'setState';
  readonly id: string;
  readonly state: number;
  readonly status: number;
  readonly baseVersion?: string;
}

/** Link or unlink two records through an intersect entity named `relationship`. */
export interface StoreAssociateOperation extends StoreWriteBase {
  readonly kind: 'associate' | 'disassociate';
  readonly relationship: string;
  readonly id: string;
  readonly relatedEntity: string;
  readonly relatedId: string;
}

/** One write operation (structurally the same as connector-api's `WriteOperation`). */
export type StoreWriteOperation = StoreCreateOperation | StoreUpdateOperation | StoreDeleteOperation | StoreSetStateOperation | StoreAssociateOperation;

/** Per-operation result (structurally the same as connector-api's `WriteResult`). */
export type StoreWriteResult =
  | {
      readonly status: 'ok';
      readonly idempotencyKey: string;
      readonly id: string;
      readonly version?: string;
      readonly record?: CrmRecord;
      readonly replayed: boolean;
    }
  | { readonly status: 'conflict'; readonly idempotencyKey: string; readonly id: string; readonly serverRecord: CrmRecord }
  | { readonly status: 'not-found'; readonly idempotencyKey: string; readonly id: string }
  | {
      readonly status: 'failed';
      readonly idempotencyKey: string;
      readonly id?: string;
      readonly error: { readonly code: string; readonly message: string; readonly field?: string; readonly retryable: boolean };
    };

/** Options of `write`. */
export interface StoreWriteOptions {
  /** All operations succeed or none is kept; the others answer `ROLLED_BACK`. @default false */
  readonly allOrNone?: boolean;
}
