import { InvalidFilterError } from './invalid-filter-error';

/**
 * A sync filter nests deeper than {@link FilterTooDeepError.maxDepth} levels (filter AST nodes, or
 * FetchXML elements). Refused before anything walks it, so no input can exhaust the stack.
 */
export class FilterTooDeepError extends InvalidFilterError {
  constructor(
    /** The most levels a filter may nest. */
    readonly maxDepth: number,
    /** Path of the first node past the limit. */
    path: string,
    line?: number,
    column?: number,
  ) {
    super(`the filter nests deeper than the limit of ${maxDepth} levels`, path, line, column, { code: 'FILTER_TOO_DEEP', details: { maxDepth } });
  }
}
