import type { FieldValues } from '@fieldsync/model';

/** What a local write did to a record. */
export type ChangeKind = 'create' | 'update' | 'delete' | 'setState' | 'associate' | 'disassociate';

/** One row of the change log. */
export interface ChangeRow {
  readonly seq: number;
  readonly entity: string;
  readonly recordId: string;
  readonly kind: ChangeKind;
  /** Fields written (create, update), `{ statecode, statuscode }` style values (setState), or the association. */
  readonly fields: FieldValues;
  readonly idempotencyKey: string;
  readonly createdAt: string;
  /** Key of the operation this change last left in, when its answer never came back. */
  readonly sentKey: string | null;
  /** `pending` goes up with the next sync; `held` waits for the user to resolve a sync error. */
  readonly state: 'pending' | 'held';
}

/**
 * What an `associate` / `disassociate` change carries in its fields. The change itself is filed under
 * the relationship (intersect) entity and the id of the link row on the device.
 */
export interface AssociationFields {
  readonly entity: string;
  readonly id: string;
  readonly relatedEntity: string;
  readonly relatedId: string;
}
