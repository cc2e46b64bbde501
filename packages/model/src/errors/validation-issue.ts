/**
 * One problem found by a validator, located by a path into the document
 * (`entities[3].filter.conditions[1].operator`) and, for text inputs, a line and column.
 */
export interface ValidationIssue {
  /** Where: a dotted/indexed path into the validated document. */
  readonly path: string;
  /** What is wrong, in words a user can act on. */
  readonly message: string;
  /** 1-based line in the source text, when the input was text (XML, JSON). */
  readonly line?: number;
  /** 1-based column in the source text, when the input was text. */
  readonly column?: number;
}

/** Formats an issue the way errors print it: `path: message` (with `line:column` when known). */
export function formatIssue(issue: ValidationIssue): string {
  const where = issue.line !== undefined ? ` (line ${issue.line}, column ${issue.column ?? 0})` : '';
  return `${issue.path}: ${issue.message}${where}`;
}
