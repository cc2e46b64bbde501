import { FieldsyncError } from '@fieldsync/model';

/** One entry of a mutation payload's `userErrors`, as the bridge sends it. */
export interface BridgeUserErrorEntry {
  /** Path of the input at fault, e.g. `input.syncId`; absent when no single field is. */
  readonly field?: string;
  readonly message: string;
  /** The bridge's stable code for the problem, e.g. `NOT_FOUND`. */
  readonly code: string;
}

/**
 * A mutation refused its input and changed nothing (its payload's `userErrors` were not empty).
 * `field` and `reason` are those of the first entry; `userErrors` lists them all. Retry: no; fix the input.
 */
export class BridgeUserError extends FieldsyncError {
  readonly field: string | undefined;
  readonly reason: string;

  constructor(
    /** The mutation, e.g. `reportSync`. */
    readonly mutation: string,
    readonly userErrors: readonly BridgeUserErrorEntry[],
  ) {
    const [first] = userErrors;
    const where = first.field ? `${first.field}: ` : '';
    const more = userErrors.length > 1 ? ` (and ${userErrors.length - 1} more)` : '';
    super('BAD_USER_INPUT', `${mutation}: ${where}${first.message}${more}`, {
      mutation,
      field: first.field,
      reason: first.code,
      userErrors,
    });
    this.field = first.field;
    this.reason = first.code;
  }
}
