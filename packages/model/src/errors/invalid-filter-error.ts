import { FieldsyncError } from './fieldsync-error';

/**
 * A sync filter (FetchXML text or filter AST) is malformed or refers to an unknown entity,
 * field or operator. `line`/`column` are set when the filter came from text.
 */
export class InvalidFilterError extends FieldsyncError {
  constructor(
    message: string,
    /** Path of the offending node, e.g. `filter.conditions[1].operator`. */
    readonly path: string,
    /** 1-based line in the FetchXML source, when parsed from text. */
    readonly line?: number,
    /** 1-based column in the FetchXML source, when parsed from text. */
    readonly column?: number,
    /** For subclasses: a more precise code than `INVALID_FILTER`, and details besides the location. */
    refinement: { readonly code?: string; readonly details?: Readonly<Record<string, unknown>> } = {},
  ) {
    const where = line !== undefined ? ` at line ${line}, column ${column ?? 0}` : '';
    super(refinement.code ?? 'INVALID_FILTER', `${path}: ${message}${where}`, { path, line, column, ...refinement.details });
  }
}
