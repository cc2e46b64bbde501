import { FilterTooDeepError } from '../../errors/filter-too-deep-error';

/**
 * The most levels a sync filter may nest: filter AST nodes from the root node down (a group, a link and
 * a condition are one level each), or FetchXML elements from `<fetch>` down. Every entry point (the
 * FetchXML parser, filter validation, the compilers, the evaluator, the bridge's API) refuses deeper
 * filters with {@link FilterTooDeepError} before walking them recursively.
 */
export const MAX_FILTER_DEPTH = 32;

/**
 * Throws {@link FilterTooDeepError} when the filter node (as received: any JSON value) nests deeper than
 * `maxDepth` levels. Walks iteratively and stops at the limit, so a filter nested 100,000 levels deep is
 * refused without recursion. Values that are not nodes are left to the validators.
 * @example assertFilterDepth(filter.where, 'filter.where')
 */
export function assertFilterDepth(node: unknown, path = 'where', maxDepth = MAX_FILTER_DEPTH): void {
  const pending: { readonly node: unknown; readonly depth: number; readonly path: string }[] = [{ node, depth: 1, path }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.node !== 'object' || next.node === null) continue;
    if (next.depth > maxDepth) throw new FilterTooDeepError(maxDepth, next.path);
    const candidate = next.node as { kind?: unknown; children?: unknown; filter?: unknown };
    if (candidate.kind === 'group' && Array.isArray(candidate.children)) {
      const children: readonly unknown[] = candidate.children;
      for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i], depth: next.depth + 1, path: `${next.path}.children[${i}]` });
    } else if (candidate.kind === 'link') {
      pending.push({ node: candidate.filter, depth: next.depth + 1, path: `${next.path}.filter` });
    }
  }
}
