/** A problem with a mutation's input, returned in `userErrors` (nothing was changed). */
export interface UserError {
  /** Path of the input at fault, e.g. `input.roles[1].priority`. */
  readonly field: string | null;
  readonly message: string;
  readonly code: string;
  /** 1-based line in the text at fault (FetchXML, BlobStoreFilter XML), when the input was text. */
  readonly line?: number;
  /** 1-based column in that text. */
  readonly column?: number;
}

/** Builds a {@link UserError}, with the line and column of `at` when it has them. */
export function userError(field: string | null, code: string, message: string, at?: { readonly line?: number; readonly column?: number }): UserError {
  return at?.line !== undefined ? { field, code, message, line: at.line, column: at.column ?? 0 } : { field, code, message };
}
