import type { FilterNode } from '../filter-node';

/**
 * The entities a filter's links name (`link-entity` parents), each once: what a connector must map
 * besides the filtered entity before it compiles the filter.
 * @example linkedEntities(where) // Set { 'account' }
 */
export function linkedEntities(node: FilterNode): Set<string> {
  const found = new Set<string>();
  const visit = (current: FilterNode) => {
    if (current.kind === 'link') {
      found.add(current.entity);
      visit(current.filter);
    } else if (current.kind === 'group') current.children.forEach(visit);
  };
  visit(node);
  return found;
}
