import type { FilterNode, SyncFilter } from '../filter-node';
import { TIME_DEPENDENT_OPERATORS } from '../filter-operator';

function nodeIsTimeDependent(node: FilterNode): boolean {
  if (node.kind === 'condition') return TIME_DEPENDENT_OPERATORS.includes(node.operator);
  if (node.kind === 'group') return node.children.some(nodeIsTimeDependent);
  return nodeIsTimeDependent(node.filter);
}

/**
 * True when the filter uses a relative-date operator (also inside a link): records can leave it with
 * the passing of time alone, so cleanup must run even when nothing changed.
 */
export function isTimeDependent(filter: SyncFilter | FilterNode | undefined): boolean {
  if (filter === undefined) return false;
  if ('kind' in filter) return nodeIsTimeDependent(filter);
  return filter.where !== undefined && nodeIsTimeDependent(filter.where);
}
