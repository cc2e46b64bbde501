/** A problem with a mutation's input, returned in `userErrors` (nothing was changed). */
export interface UserError {
  /** Path of the input at fault, e.g. `input.roles[1].priority`. */
  readonly field: string | null;
  readonly message: string;
  readonly code: string;
}

/** Builds a {@link UserError}. */
export function userError(field: string | null, code: string, message: string): UserError {
  return { field, code, message };
}
