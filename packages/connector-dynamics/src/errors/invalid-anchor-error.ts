import { FieldsyncError } from '@fieldsync/model';

/**
 * An anchor handed to the Dynamics connector was not made by it (not base64url JSON of a known
 * phase) or belongs to another entity. Retry: no; start a full read without an anchor.
 */
export class InvalidAnchorError extends FieldsyncError {
  constructor(
    /** The anchor as given, cut to 80 characters. */
    readonly anchor: string,
    readonly reason: string,
  ) {
    const shown = anchor.length > 80 ? `${anchor.slice(0, 80)}…` : anchor;
    super('INVALID_ANCHOR', `invalid anchor '${shown}': ${reason}`, { anchor: shown, reason });
  }
}
